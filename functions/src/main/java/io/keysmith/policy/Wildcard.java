package io.keysmith.policy;

import java.util.HashMap;
import java.util.Map;

/**
 * IAM's wildcard match: {@code *} is any run of characters (none included), {@code ?} any one character.
 *
 * <p>The pattern runs as a set of states (a position in the pattern each), one bit per state, advanced a word of
 * 64 states at a time for each character of the text: O(text × pattern / 64) whatever the input, where a
 * back-tracking match takes O(text × pattern) steps on a hostile pair. Condition values are at most {@value
 * PolicyParser#MAX_CONDITION_VALUE} characters, which bounds the masks too.
 */
final class Wildcard {
    private Wildcard() {}

    static boolean matches(String pattern, String text, boolean ignoreCase) {
        char[] p = collapseStars(fold(pattern, ignoreCase));
        char[] t = fold(text, ignoreCase);
        int states = p.length + 1; // state i: the first i pattern characters are matched; state p.length: all
        int words = (states + 63) / 64;
        long[] star = new long[words];
        long[] any = new long[words];
        Map<Character, long[]> literal = new HashMap<>();
        for (int i = 0; i < p.length; i++) {
            if (p[i] == '*') {
                set(star, i);
            } else if (p[i] == '?') {
                set(any, i);
            } else {
                set(literal.computeIfAbsent(p[i], c -> new long[words]), i);
            }
        }
        long[] active = new long[words];
        set(active, 0);
        closeOverStars(active, star);
        long[] next = new long[words];
        for (char c : t) {
            long[] same = literal.get(c);
            long carry = 0;
            long alive = 0;
            for (int w = 0; w < words; w++) {
                // A state moves on when its character matches; a star's state also stays, consuming the character.
                long moving = active[w] & (any[w] | (same == null ? 0 : same[w]));
                next[w] = (moving << 1) | carry | (active[w] & star[w]);
                carry = moving >>> 63;
                alive |= next[w];
            }
            if (alive == 0) {
                return false;
            }
            closeOverStars(next, star);
            long[] swap = active;
            active = next;
            next = swap;
        }
        return (active[p.length / 64] & (1L << (p.length % 64))) != 0;
    }

    /** A star matches nothing too: the state after it is active with it. Stars are collapsed, so one step does. */
    private static void closeOverStars(long[] states, long[] star) {
        long carry = 0;
        for (int w = 0; w < states.length; w++) {
            long stars = states[w] & star[w];
            states[w] = states[w] | (stars << 1) | carry;
            carry = stars >>> 63;
        }
    }

    private static void set(long[] bits, int i) {
        bits[i / 64] |= 1L << (i % 64);
    }

    /** {@code **} matches what {@code *} matches; collapsing them keeps closeOverStars to one step. */
    private static char[] collapseStars(char[] pattern) {
        StringBuilder collapsed = new StringBuilder(pattern.length);
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i] != '*' || i == 0 || pattern[i - 1] != '*') {
                collapsed.append(pattern[i]);
            }
        }
        return collapsed.toString().toCharArray();
    }

    /** Lower-cased one character at a time, as IAM compares without case, keeping every length. */
    private static char[] fold(String s, boolean ignoreCase) {
        char[] chars = s.toCharArray();
        if (ignoreCase) {
            for (int i = 0; i < chars.length; i++) {
                chars[i] = Character.toLowerCase(chars[i]);
            }
        }
        return chars;
    }
}
