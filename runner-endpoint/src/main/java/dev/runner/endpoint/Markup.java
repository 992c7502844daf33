package dev.runner.endpoint;

/**
 * Escapes text for HTML and XML (the status page and the SVG pictures share the rules): every text
 * that comes from a service, such as its name or a failure message, goes through {@link #escape}.
 *
 * <p>Invariant: the result is safe as element content and inside a double- or single-quoted
 * attribute, and holds only characters that XML 1.0 allows, so a picture always parses.
 */
final class Markup {

    /** Stands in for a character that XML 1.0 does not allow. */
    private static final char REPLACEMENT = '\uFFFD';

    private Markup() {
    }

    /**
     * Escapes {@code &}, {@code <}, {@code >}, {@code "} and {@code '}, and replaces each character
     * XML 1.0 forbids (control characters but tab, line feed and carriage return; unpaired
     * surrogates; U+FFFE and U+FFFF) with U+FFFD.
     *
     * @param text the text; null gives the empty string
     * @return the escaped text
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {  // an unpaired surrogate comes as a code point of its own
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.appendCodePoint(allowedInXml(c) ? c : REPLACEMENT);
            }
        });
        return out.toString();
    }

    private static boolean allowedInXml(int c) {
        if (c < 0x20) {
            return c == '\t' || c == '\n' || c == '\r';
        }
        return !(c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) && c != 0xFFFE && c != 0xFFFF;
    }
}
