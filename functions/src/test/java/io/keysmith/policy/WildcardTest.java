package io.keysmith.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
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
        "**a, ba, false, true",
        "a**, a, false, true",
        "*?, '', false, false",
        "*?, x, false, true",
        "?*?, ab, false, true",
        "a*b?d, axxbcd, false, true",
        "a*b?d, axxbd, false, false",
        "*ab, aab, false, true",
        "*ab, aba, false, false",
    })
    void matchesAsIamDoes(String pattern, String text, boolean ignoreCase, boolean expected) {
        assertEquals(expected, Wildcard.matches(pattern, text, ignoreCase));
    }

    /** Patterns longer than a 64-state word, whose states cross word boundaries, against the textbook table. */
    @Test
    void longPatternsMatchAsTheTextbookTableDoes() {
        Random random = new Random(7);
        for (int round = 0; round < 2000; round++) {
            String pattern = randomString(random, 40 + random.nextInt(120), "ab*?");
            String text = randomString(random, random.nextInt(200), "ab");
            assertEquals(table(pattern, text), Wildcard.matches(pattern, text, false), pattern + " ~ " + text);
        }
    }

    private static String randomString(Random random, int length, String alphabet) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /** The textbook table: matched[i][j] says whether the first i pattern characters match the first j text ones. */
    private static boolean table(String p, String t) {
        boolean[][] matched = new boolean[p.length() + 1][t.length() + 1];
        matched[0][0] = true;
        for (int i = 1; i <= p.length(); i++) {
            char c = p.charAt(i - 1);
            for (int j = 0; j <= t.length(); j++) {
                matched[i][j] = c == '*'
                        ? matched[i - 1][j] || (j > 0 && matched[i][j - 1])
                        : j > 0 && matched[i - 1][j - 1] && (c == '?' || c == t.charAt(j - 1));
            }
        }
        return matched[p.length()][t.length()];
    }
}
