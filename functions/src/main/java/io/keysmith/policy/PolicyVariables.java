package io.keysmith.policy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IAM policy variables in condition values ({@code ${aws:username}}, {@code ${aws:PrincipalAccount, 'none'}}), for
 * documents of Version 2012-10-17: each is replaced by the request's single value of that key, or its default.
 */
final class PolicyVariables {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern WITH_DEFAULT = Pattern.compile("\\s*([^,\\s]+)\\s*,\\s*'([^']*)'\\s*");

    private PolicyVariables() {}

    /** The value with its variables replaced, or null when one names a key the request lacks (and has no default). */
    static String resolve(String value, RequestContext request) {
        if (!value.contains("${")) {
            return value;
        }
        Matcher variables = VARIABLE.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (variables.find()) {
            String replacement = valueOf(variables.group(1), request);
            if (replacement == null) {
                return null;
            }
            variables.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
        }
        variables.appendTail(resolved);
        return resolved.toString();
    }

    private static String valueOf(String variable, RequestContext request) {
        Matcher withDefault = WITH_DEFAULT.matcher(variable);
        String key = withDefault.matches() ? withDefault.group(1) : variable.trim();
        List<String> values = request.values(key);
        if (values != null && values.size() == 1) {
            return values.get(0);
        }
        // A multi-valued key cannot stand in one value; IAM treats it, like an absent key, as unresolved.
        return withDefault.matches() ? withDefault.group(2) : null;
    }
}
