package io.keysmith.policy;

import io.keysmith.policy.ConditionOperator.Base;
import io.keysmith.policy.ConditionOperator.Family;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Compares one request value with one policy value, in the positive form of an operator. */
final class ValueMatcher {
    private ValueMatcher() {}

    /** Whether the positive form of {@code operator} holds (for StringNotEquals: whether the values are equal). */
    static boolean positiveMatch(Base operator, String requestValue, String policyValue) {
        return switch (operator) {
            case STRING_EQUALS, STRING_NOT_EQUALS, BINARY_EQUALS -> requestValue.equals(policyValue);
            case STRING_EQUALS_IGNORE_CASE, STRING_NOT_EQUALS_IGNORE_CASE -> requestValue.equalsIgnoreCase(policyValue);
            case STRING_LIKE, STRING_NOT_LIKE -> Wildcard.matches(policyValue, requestValue, false);
            case NUMERIC_EQUALS, NUMERIC_NOT_EQUALS -> compareNumbers(requestValue, policyValue, c -> c == 0);
            case NUMERIC_LESS_THAN -> compareNumbers(requestValue, policyValue, c -> c < 0);
            case NUMERIC_LESS_THAN_EQUALS -> compareNumbers(requestValue, policyValue, c -> c <= 0);
            case NUMERIC_GREATER_THAN -> compareNumbers(requestValue, policyValue, c -> c > 0);
            case NUMERIC_GREATER_THAN_EQUALS -> compareNumbers(requestValue, policyValue, c -> c >= 0);
            case DATE_EQUALS, DATE_NOT_EQUALS -> compareDates(requestValue, policyValue, c -> c == 0);
            case DATE_LESS_THAN -> compareDates(requestValue, policyValue, c -> c < 0);
            case DATE_LESS_THAN_EQUALS -> compareDates(requestValue, policyValue, c -> c <= 0);
            case DATE_GREATER_THAN -> compareDates(requestValue, policyValue, c -> c > 0);
            case DATE_GREATER_THAN_EQUALS -> compareDates(requestValue, policyValue, c -> c >= 0);
            case BOOL -> requestValue.equalsIgnoreCase(policyValue);
            case IP_ADDRESS, NOT_IP_ADDRESS -> {
                IpCidr block = IpCidr.parse(policyValue);
                yield block != null && block.contains(requestValue);
            }
            case ARN_EQUALS, ARN_LIKE, ARN_NOT_EQUALS, ARN_NOT_LIKE -> arnMatches(policyValue, requestValue);
            case NULL -> throw new IllegalArgumentException("Null compares presence, not values");
        };
    }

    /** Whether a policy value is well formed for the operator's family, checked when the policy is parsed. */
    static boolean isValidPolicyValue(Family family, String value) {
        return switch (family) {
            case NUMERIC -> number(value) != null;
            case DATE -> instant(value) != null;
            case BOOL, NULL -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
            case IP -> IpCidr.parse(value) != null;
            case STRING, BINARY, ARN -> true;
        };
    }

    private interface Comparison {
        boolean holds(int compareResult);
    }

    private static boolean compareNumbers(String requestValue, String policyValue, Comparison comparison) {
        BigDecimal request = number(requestValue);
        BigDecimal policy = number(policyValue);
        return request != null && policy != null && comparison.holds(request.compareTo(policy));
    }

    private static boolean compareDates(String requestValue, String policyValue, Comparison comparison) {
        Instant request = instant(requestValue);
        Instant policy = instant(policyValue);
        return request != null && policy != null && comparison.holds(request.compareTo(policy));
    }

    private static BigDecimal number(String text) {
        // Bounded length: BigDecimal parsing is quadratic in the digits, and no real value is this long.
        if (text.length() > 64) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /** ISO 8601 (date-time with zone or offset, or a date) or epoch seconds, as IAM accepts. */
    static Instant instant(String text) {
        if (text.matches("-?\\d{1,15}")) {
            return Instant.ofEpochSecond(Long.parseLong(text));
        }
        try {
            return OffsetDateTime.parse(text.toUpperCase(Locale.ROOT)).toInstant();
        } catch (DateTimeParseException e) {
            try {
                // Without a zone or offset, a date-time or a date is read as UTC.
                return text.contains("T")
                        ? LocalDateTime.parse(text).toInstant(ZoneOffset.UTC)
                        : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /**
     * IAM's ARN match: both split into their six colon-separated fields, each field matched with wildcards and
     * case; the last field keeps any further colons. ArnEquals and ArnLike behave alike.
     */
    private static boolean arnMatches(String pattern, String arn) {
        String[] patternFields = pattern.split(":", 6);
        String[] arnFields = arn.split(":", 6);
        if (patternFields.length != 6 || arnFields.length != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (!Wildcard.matches(patternFields[i], arnFields[i], false)) {
                return false;
            }
        }
        return true;
    }
}
