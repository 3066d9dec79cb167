package io.keysmith.policy;

/** IAM's wildcard match: {@code *} is any run of characters (none included), {@code ?} any one character. */
final class Wildcard {
    private Wildcard() {}

    static boolean matches(String pattern, String text, boolean ignoreCase) {
        int p = 0;
        int t = 0;
        int starAt = -1;
        int textAtStar = 0;
        // Greedy scan with one back-track point: linear for each star, so a hostile pattern cannot blow up.
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                starAt = p++;
                textAtStar = t;
            } else if (p < pattern.length()
                    && (pattern.charAt(p) == '?' || same(pattern.charAt(p), text.charAt(t), ignoreCase))) {
                p++;
                t++;
            } else if (starAt >= 0) {
                p = starAt + 1;
                t = ++textAtStar;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private static boolean same(char a, char b, boolean ignoreCase) {
        return a == b || (ignoreCase && Character.toLowerCase(a) == Character.toLowerCase(b));
    }
}
