package dev.runner.endpoint;

import java.time.Instant;

/**
 * Writes JSON text, for the health routes and {@code /runner/status}: strings are escaped by
 * RFC 8259, so any text a service reports stays one JSON string.
 *
 * <p>Invariant: {@link #needsComma} is true exactly when the last thing written was a complete
 * value (or the end of a container) inside the current container, so the next name or value
 * starts with a comma. The writer does not check that callers nest objects and arrays correctly;
 * every caller is in this package.
 */
final class JsonWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder(256);
    private boolean needsComma;

    /** Opens an object. */
    JsonWriter beginObject() {
        separate();
        out.append('{');
        needsComma = false;
        return this;
    }

    /** Closes the innermost object. */
    JsonWriter endObject() {
        out.append('}');
        needsComma = true;
        return this;
    }

    /** Opens an array. */
    JsonWriter beginArray() {
        separate();
        out.append('[');
        needsComma = false;
        return this;
    }

    /** Closes the innermost array. */
    JsonWriter endArray() {
        out.append(']');
        needsComma = true;
        return this;
    }

    /** Writes a member's name; its value comes next. */
    JsonWriter name(String name) {
        separate();
        string(name);
        out.append(':');
        needsComma = false;
        return this;
    }

    /** Writes a string, or {@code null}. */
    JsonWriter value(String value) {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        needsComma = true;
        return this;
    }

    /** Writes an instant as an ISO-8601 string, or {@code null}. */
    JsonWriter value(Instant value) {
        return value(value == null ? null : value.toString());
    }

    /** Writes a number. */
    JsonWriter value(long value) {
        separate();
        out.append(value);
        needsComma = true;
        return this;
    }

    /** Writes {@code true} or {@code false}. */
    JsonWriter value(boolean value) {
        separate();
        out.append(value);
        needsComma = true;
        return this;
    }

    /** Returns the text written so far. */
    @Override
    public String toString() {
        return out.toString();
    }

    private void separate() {
        if (needsComma) {
            out.append(',');
        }
    }

    /**
     * Writes a quoted string: quote, backslash and control characters escaped, line and paragraph
     * separators escaped (JavaScript reads them as line ends), and an unpaired surrogate written as
     * a {@code \\u} escape, since UTF-8 cannot carry it.
     */
    private void string(String text) {
        out.append('"');
        text.codePoints().forEach(c -> {  // an unpaired surrogate comes as a code point of its own
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029 || (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
                        unicodeEscape(c);
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        out.append('"');
    }

    private void unicodeEscape(int c) {
        out.append("\\u")
                .append(HEX[(c >> 12) & 0xF])
                .append(HEX[(c >> 8) & 0xF])
                .append(HEX[(c >> 4) & 0xF])
                .append(HEX[c & 0xF]);
    }
}
