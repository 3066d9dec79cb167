package io.keysmith.policy;

import java.util.List;
import java.util.Locale;

/**
 * A parsed, valid policy document (a key policy, or Keysmith's service policy).
 *
 * @param text the document exactly as given: GetKeyPolicy returns it byte for byte
 * @param version {@code 2012-10-17} or {@code 2008-10-17} (the latter also when the document names none)
 * @param id its {@code Id}, or null
 */
public record PolicyDocument(String text, String version, String id, List<Statement> statements) {

    /** Largest policy accepted, in UTF-8 bytes: AWS KMS's key policy quota. */
    public static final int MAX_BYTES = 32768;

    /**
     * Parses and validates a policy document.
     *
     * @throws io.keysmith.core.errors.MalformedPolicyDocumentException when it is not a valid policy
     */
    public static PolicyDocument parse(String text) {
        return PolicyParser.parse(text);
    }

    /**
     * Whether evaluating this document can read {@code conditionKey} (any case): a condition names it, or a
     * condition value may name it as a policy variable. A document that does not refers to it decides the same
     * whatever the request's values for it, so a caller may leave a costly key out.
     */
    public boolean refersTo(String conditionKey) {
        String name = conditionKey.toLowerCase(Locale.ROOT);
        return statements.stream()
                .flatMap(statement -> statement.conditions().stream())
                .anyMatch(condition -> condition.key().equalsIgnoreCase(conditionKey)
                        || (condition.variables()
                                && condition.values().stream()
                                        .anyMatch(
                                                v -> v.toLowerCase(Locale.ROOT).contains(name))));
    }
}
