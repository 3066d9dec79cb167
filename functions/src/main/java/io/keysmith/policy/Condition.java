package io.keysmith.policy;

import io.keysmith.policy.ConditionOperator.Base;
import io.keysmith.policy.ConditionOperator.SetQualifier;
import java.util.List;

/**
 * One operator applied to one condition key, with the policy's values for it. The values are ORed; for a negated
 * operator (StringNotEquals...) the result is their NOR. A statement's conditions are ANDed.
 *
 * @param variables whether the values may hold policy variables: Version 2012-10-17, and an operator that takes them
 */
record Condition(ConditionOperator operator, String key, List<String> values, boolean variables) {

    boolean holdsFor(RequestContext request) {
        List<String> requestValues = request.values(key);
        if (operator.base() == Base.NULL) {
            boolean absent = requestValues == null;
            return values.stream().anyMatch(v -> Boolean.parseBoolean(v) == absent);
        }
        boolean negated = operator.base().negated;
        if (requestValues == null) {
            // IAM: an absent key fails a positive test and passes a negated one; IfExists and ForAllValues pass it.
            if (operator.ifExists() || operator.qualifier() == SetQualifier.FOR_ALL_VALUES) {
                return true;
            }
            return operator.qualifier() == SetQualifier.NONE && negated;
        }
        return switch (operator.qualifier()) {
            case NONE -> requestValues.stream().anyMatch(v -> matchesAnyPolicyValue(v, request)) != negated;
            case FOR_ANY_VALUE -> requestValues.stream().anyMatch(v -> matchesAnyPolicyValue(v, request) != negated);
            case FOR_ALL_VALUES -> requestValues.stream().allMatch(v -> matchesAnyPolicyValue(v, request) != negated);
        };
    }

    private boolean matchesAnyPolicyValue(String requestValue, RequestContext request) {
        return values.stream()
                .map(p -> variables ? PolicyVariables.resolve(p, request) : p)
                .anyMatch(p -> p != null && ValueMatcher.positiveMatch(operator.base(), requestValue, p));
    }
}
