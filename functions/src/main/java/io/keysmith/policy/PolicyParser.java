package io.keysmith.policy;

import static io.keysmith.policy.PolicyErrors.malformed;

import com.fasterxml.jackson.databind.JsonNode;
import io.keysmith.json.JsonTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads a policy document's JSON into a {@link PolicyDocument}, refusing anything AWS would refuse. */
final class PolicyParser {
    /** Longer condition values are refused: each is matched against request values, at a cost that grows with it. */
    static final int MAX_CONDITION_VALUE = 4096;

    private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");
    private static final Set<String> DOCUMENT_ELEMENTS = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT_ELEMENTS = Set.of(
            "Sid",
            "Effect",
            "Principal",
            "NotPrincipal",
            "Action",
            "NotAction",
            "Resource",
            "NotResource",
            "Condition");
    private static final Pattern ACTION = Pattern.compile("\\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]+");
    private static final Pattern CONDITION_KEY = Pattern.compile("[A-Za-z0-9-]+:.+");
    private static final String ENCRYPTION_CONTEXT_KEY = "kms:encryptioncontext:";
    /** Policy variables came with this version; in 2008-10-17 {@code ${...}} is plain text. */
    private static final String VARIABLES_VERSION = "2012-10-17";

    private static final Set<ConditionOperator.Family> VARIABLE_FAMILIES =
            Set.of(ConditionOperator.Family.STRING, ConditionOperator.Family.ARN, ConditionOperator.Family.BOOL);

    private PolicyParser() {}

    static PolicyDocument parse(String text) {
        if (text.getBytes(StandardCharsets.UTF_8).length > PolicyDocument.MAX_BYTES) {
            throw malformed(PolicyErrors.TOO_LARGE);
        }
        JsonNode root;
        try {
            root = JsonTrees.EXACT.read(text);
        } catch (IOException | NumberFormatException e) {
            // Jackson reports a number it cannot hold as a BigDecimal (an exponent past int) with
            // NumberFormatException.
            throw malformed(PolicyErrors.INVALID_JSON);
        }
        if (root == null || !root.isObject()) {
            throw malformed(PolicyErrors.INVALID_JSON);
        }
        requireKnownElements(root, DOCUMENT_ELEMENTS);
        String version = "2008-10-17";
        if (root.has("Version")) {
            JsonNode v = root.get("Version");
            if (!v.isTextual() || !VERSIONS.contains(v.textValue())) {
                throw malformed(PolicyErrors.INVALID_VERSION);
            }
            version = v.textValue();
        }
        String id = optionalText(root, "Id");
        return new PolicyDocument(text, version, id, statements(root.get("Statement"), version));
    }

    private static List<Statement> statements(JsonNode node, String version) {
        List<JsonNode> items = new ArrayList<>();
        if (node != null && node.isObject()) {
            items.add(node);
        } else if (node != null && node.isArray()) {
            node.forEach(items::add);
        }
        if (items.isEmpty()) {
            throw malformed(PolicyErrors.NO_STATEMENT);
        }
        List<Statement> statements = new ArrayList<>();
        for (JsonNode item : items) {
            if (!item.isObject()) {
                throw malformed(PolicyErrors.NO_STATEMENT);
            }
            statements.add(statement(statements.size(), item, version));
        }
        return List.copyOf(statements);
    }

    private static Statement statement(int index, JsonNode node, String version) {
        requireKnownElements(node, STATEMENT_ELEMENTS);
        String sid = optionalText(node, "Sid");
        Effect effect = effect(node.get("Effect"));
        PrincipalSet principals = principals(node);
        if (principals.negated() && effect == Effect.ALLOW) {
            // IAM does not support NotPrincipal with Allow: it would allow every principal of every account.
            throw malformed(PolicyErrors.INVALID_PRINCIPALS);
        }
        return new Statement(
                index,
                sid,
                effect,
                principals,
                actions(node),
                resources(node),
                conditions(node.get("Condition"), version.equals(VARIABLES_VERSION)));
    }

    private static Effect effect(JsonNode node) {
        if (node != null && node.isTextual()) {
            if (node.textValue().equals("Allow")) {
                return Effect.ALLOW;
            }
            if (node.textValue().equals("Deny")) {
                return Effect.DENY;
            }
        }
        throw malformed(PolicyErrors.INVALID_EFFECT);
    }

    private static PrincipalSet principals(JsonNode statement) {
        JsonNode principal = statement.get("Principal");
        JsonNode notPrincipal = statement.get("NotPrincipal");
        if (principal == null && notPrincipal == null) {
            throw malformed(PolicyErrors.NO_PRINCIPAL);
        }
        if (principal != null && notPrincipal != null) {
            throw malformed(PolicyErrors.INVALID_PRINCIPALS);
        }
        JsonNode node = principal != null ? principal : notPrincipal;
        return new PrincipalSet(principalEntries(node), principal == null);
    }

    private static List<Principal> principalEntries(JsonNode node) {
        if (node.isTextual() && node.textValue().equals("*")) {
            return List.of(new Principal.Anyone());
        }
        if (!node.isObject() || node.isEmpty()) {
            throw malformed(PolicyErrors.INVALID_PRINCIPALS);
        }
        List<Principal> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            List<String> values = strings(field.getValue(), PolicyErrors.INVALID_PRINCIPALS);
            for (String value : values) {
                entries.add(principalEntry(field.getKey(), value));
            }
        }
        return List.copyOf(entries);
    }

    private static Principal principalEntry(String type, String value) {
        Principal entry = switch (type) {
            case "AWS" -> Principal.parseAws(value);
            case "Service" ->
                value.matches("[a-z0-9.-]+\\.amazonaws\\.com(\\.cn)?") ? new Principal.Service(value) : null;
            default -> null;
        };
        if (entry == null) {
            throw malformed(PolicyErrors.INVALID_PRINCIPALS);
        }
        return entry;
    }

    private static PatternSet actions(JsonNode statement) {
        JsonNode node = oneOf(statement, "Action", "NotAction", PolicyErrors.NO_ACTION, PolicyErrors.INVALID_ACTIONS);
        List<String> actions = strings(node, PolicyErrors.INVALID_ACTIONS);
        if (!actions.stream().allMatch(a -> ACTION.matcher(a).matches())) {
            throw malformed(PolicyErrors.INVALID_ACTIONS);
        }
        return new PatternSet(actions, statement.has("NotAction"), true);
    }

    private static PatternSet resources(JsonNode statement) {
        JsonNode node =
                oneOf(statement, "Resource", "NotResource", PolicyErrors.NO_RESOURCE, PolicyErrors.INVALID_RESOURCES);
        List<String> resources = strings(node, PolicyErrors.INVALID_RESOURCES);
        if (!resources.stream().allMatch(r -> r.equals("*") || (r.startsWith("arn:") && r.split(":", 6).length == 6))) {
            throw malformed(PolicyErrors.INVALID_RESOURCES);
        }
        return new PatternSet(resources, statement.has("NotResource"), false);
    }

    private static List<Condition> conditions(JsonNode node, boolean variablesAllowed) {
        if (node == null) {
            return List.of();
        }
        if (!node.isObject()) {
            throw malformed(PolicyErrors.INVALID_CONDITION + "Condition must be an object");
        }
        List<Condition> conditions = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> ops = node.fields(); ops.hasNext(); ) {
            Map.Entry<String, JsonNode> op = ops.next();
            ConditionOperator operator = ConditionOperator.parse(op.getKey());
            if (operator == null) {
                throw malformed(PolicyErrors.INVALID_CONDITION + "unknown operator " + op.getKey());
            }
            if (!op.getValue().isObject() || op.getValue().isEmpty()) {
                throw malformed(PolicyErrors.INVALID_CONDITION + op.getKey() + " must map condition keys to values");
            }
            for (Iterator<Map.Entry<String, JsonNode>> keys = op.getValue().fields(); keys.hasNext(); ) {
                Map.Entry<String, JsonNode> key = keys.next();
                conditions.add(condition(operator, op.getKey(), key.getKey(), key.getValue(), variablesAllowed));
            }
        }
        return List.copyOf(conditions);
    }

    private static Condition condition(
            ConditionOperator operator, String operatorName, String key, JsonNode value, boolean variablesAllowed) {
        if (!CONDITION_KEY.matcher(key).matches()) {
            throw malformed(PolicyErrors.INVALID_CONDITION + "invalid condition key " + key);
        }
        if (operator.qualifier() == ConditionOperator.SetQualifier.FOR_ALL_VALUES
                && key.toLowerCase(Locale.ROOT).startsWith(ENCRYPTION_CONTEXT_KEY)) {
            throw malformed(PolicyErrors.OVERLY_PERMISSIVE_CONTEXT);
        }
        List<String> values = conditionValues(value, PolicyErrors.INVALID_CONDITION + "invalid value for " + key);
        boolean variables = variablesAllowed && VARIABLE_FAMILIES.contains(operator.base().family);
        for (String v : values) {
            if (v.length() > MAX_CONDITION_VALUE) {
                throw malformed(PolicyErrors.INVALID_CONDITION + "a value for " + key + " is longer than "
                        + MAX_CONDITION_VALUE + " characters");
            }
            if (!(variables && v.contains("${")) && !ValueMatcher.isValidPolicyValue(operator.base().family, v)) {
                throw malformed(PolicyErrors.INVALID_CONDITION + "invalid " + operatorName + " value for " + key);
            }
        }
        return new Condition(operator, key, values, variables);
    }

    /** A string, or a non-empty list of strings (Principal, Action, Resource). */
    private static List<String> strings(JsonNode node, String error) {
        return listOf(node, error, false);
    }

    /** A condition's values: a string, number or boolean, or a non-empty list of them, as strings. */
    private static List<String> conditionValues(JsonNode node, String error) {
        return listOf(node, error, true);
    }

    private static List<String> listOf(JsonNode node, String error, boolean scalarsAllowed) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(item -> values.add(scalar(item, error, scalarsAllowed)));
        } else {
            values.add(scalar(node, error, scalarsAllowed));
        }
        if (values.isEmpty()) {
            throw malformed(error);
        }
        return List.copyOf(values);
    }

    private static String scalar(JsonNode node, String error, boolean scalarsAllowed) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (scalarsAllowed && (node.isNumber() || node.isBoolean())) {
            return node.asText();
        }
        throw malformed(error);
    }

    private static JsonNode oneOf(JsonNode statement, String element, String negated, String missing, String both) {
        JsonNode positive = statement.get(element);
        JsonNode negative = statement.get(negated);
        if (positive == null && negative == null) {
            throw malformed(missing);
        }
        if (positive != null && negative != null) {
            throw malformed(both);
        }
        return positive != null ? positive : negative;
    }

    private static String optionalText(JsonNode node, String element) {
        JsonNode value = node.get(element);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw malformed(PolicyErrors.INVALID_ELEMENT + element);
        }
        return value.textValue();
    }

    private static void requireKnownElements(JsonNode node, Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw malformed(PolicyErrors.UNKNOWN_ELEMENT + name);
            }
        }
    }
}
