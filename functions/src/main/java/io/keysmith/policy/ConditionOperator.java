package io.keysmith.policy;

import java.util.Arrays;

/**
 * A parsed condition operator name: an optional set prefix ({@code ForAnyValue:}, {@code ForAllValues:}), a base
 * operator and an optional {@code IfExists} suffix, e.g. {@code ForAllValues:StringLikeIfExists}.
 */
record ConditionOperator(SetQualifier qualifier, Base base, boolean ifExists) {

    enum SetQualifier {
        NONE,
        FOR_ANY_VALUE,
        FOR_ALL_VALUES
    }

    enum Family {
        STRING,
        NUMERIC,
        DATE,
        BOOL,
        BINARY,
        IP,
        ARN,
        NULL
    }

    /** Base operators; a negated one is the NOR of its positive form over the policy values. */
    enum Base {
        STRING_EQUALS("StringEquals", Family.STRING, false),
        STRING_NOT_EQUALS("StringNotEquals", Family.STRING, true),
        STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", Family.STRING, false),
        STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", Family.STRING, true),
        STRING_LIKE("StringLike", Family.STRING, false),
        STRING_NOT_LIKE("StringNotLike", Family.STRING, true),
        NUMERIC_EQUALS("NumericEquals", Family.NUMERIC, false),
        NUMERIC_NOT_EQUALS("NumericNotEquals", Family.NUMERIC, true),
        NUMERIC_LESS_THAN("NumericLessThan", Family.NUMERIC, false),
        NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", Family.NUMERIC, false),
        NUMERIC_GREATER_THAN("NumericGreaterThan", Family.NUMERIC, false),
        NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", Family.NUMERIC, false),
        DATE_EQUALS("DateEquals", Family.DATE, false),
        DATE_NOT_EQUALS("DateNotEquals", Family.DATE, true),
        DATE_LESS_THAN("DateLessThan", Family.DATE, false),
        DATE_LESS_THAN_EQUALS("DateLessThanEquals", Family.DATE, false),
        DATE_GREATER_THAN("DateGreaterThan", Family.DATE, false),
        DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", Family.DATE, false),
        BOOL("Bool", Family.BOOL, false),
        BINARY_EQUALS("BinaryEquals", Family.BINARY, false),
        IP_ADDRESS("IpAddress", Family.IP, false),
        NOT_IP_ADDRESS("NotIpAddress", Family.IP, true),
        ARN_EQUALS("ArnEquals", Family.ARN, false),
        ARN_LIKE("ArnLike", Family.ARN, false),
        ARN_NOT_EQUALS("ArnNotEquals", Family.ARN, true),
        ARN_NOT_LIKE("ArnNotLike", Family.ARN, true),
        NULL("Null", Family.NULL, false);

        final String policyName;
        final Family family;
        final boolean negated;

        Base(String policyName, Family family, boolean negated) {
            this.policyName = policyName;
            this.family = family;
            this.negated = negated;
        }
    }

    private static final String FOR_ANY_VALUE = "ForAnyValue:";
    private static final String FOR_ALL_VALUES = "ForAllValues:";
    private static final String IF_EXISTS = "IfExists";

    /** Parses an operator name as IAM spells it (names are case-sensitive); null when it is not one. */
    static ConditionOperator parse(String name) {
        SetQualifier qualifier = SetQualifier.NONE;
        String rest = name;
        if (rest.startsWith(FOR_ANY_VALUE)) {
            qualifier = SetQualifier.FOR_ANY_VALUE;
            rest = rest.substring(FOR_ANY_VALUE.length());
        } else if (rest.startsWith(FOR_ALL_VALUES)) {
            qualifier = SetQualifier.FOR_ALL_VALUES;
            rest = rest.substring(FOR_ALL_VALUES.length());
        }
        boolean ifExists = rest.endsWith(IF_EXISTS);
        String baseName = ifExists ? rest.substring(0, rest.length() - IF_EXISTS.length()) : rest;
        Base base = Arrays.stream(Base.values())
                .filter(b -> b.policyName.equals(baseName))
                .findFirst()
                .orElse(null);
        // Null tests presence itself: a set prefix or IfExists on it means nothing.
        if (base == null || (base == Base.NULL && (ifExists || qualifier != SetQualifier.NONE))) {
            return null;
        }
        return new ConditionOperator(qualifier, base, ifExists);
    }
}
