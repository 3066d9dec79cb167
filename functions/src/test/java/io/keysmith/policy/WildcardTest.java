package io.keysmith.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WildcardTest {

    @ParameterizedTest(name = "{0} ~ {1} (ignoreCase {2}) = {3}")
    @CsvSource({
        "kms:*, kms:Decrypt, false, true",
        "kms:Generate*, kms:GenerateDataKey, false, true",
        "kms:Generate*, kms:Decrypt, false, false",
        "KMS:DECRYPT, kms:Decrypt, true, true",
        "KMS:DECRYPT, kms:Decrypt, false, false",
        "*, '', false, true",
        "'', '', false, true",
        "'', a, false, false",
        "?, '', false, false",
        "a?c, abc, false, true",
        "a?c, ac, false, false",
        "*a*b*c*, xaxbxcx, false, true",
        "*a*b*c*, xaxcxbx, false, false",
        "a*a*a*a*b, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, false, false",
        "key/*, key/1234, false, true",
        "key/x, key/x*, false, false",
    })
    void matchesAsIamDoes(String pattern, String text, boolean ignoreCase, boolean expected) {
        assertEquals(expected, Wildcard.matches(pattern, text, ignoreCase));
    }
}
