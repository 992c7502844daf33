package dev.runner.endpoint;

/**
 * Writes one standalone SVG document: the root element carries the SVG namespace, a
 * {@code viewBox} and a {@code <title>}, every attribute value and text is escaped with
 * {@link Markup#escape}, and numbers are written with a dot whatever the default locale.
 *
 * <p>The document has no XML declaration, so the same text is a valid {@code .svg} file and can be
 * inlined in an HTML page. Callers close what they open; this class does not check nesting.
 */
final class Svg {

    /** The SVG namespace, on the root element. */
    static final String NAMESPACE = "http://www.w3.org/2000/svg";

    /** The font of every text in the pictures. */
    private static final String FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif";

    private final StringBuilder out = new StringBuilder(4096);

    /** Opens the root element of a picture {@code width} by {@code height} user units. */
    Svg(double width, double height, String title) {
        out.append("<svg xmlns=\"").append(NAMESPACE).append('"');
        attributes("viewBox", "0 0 " + number(width) + " " + number(height),
                "width", width, "height", height, "role", "img", "font-family", FONT, "font-size", 12);
        out.append('>');
        text("title", title);
    }

    /** Opens an element; {@code attributes} are name, value pairs, a value a String or a Number. */
    Svg open(String tag, Object... attributes) {
        out.append('<').append(tag);
        attributes(attributes);
        out.append('>');
        return this;
    }

    /** Closes an element opened with {@link #open}. */
    Svg close(String tag) {
        out.append("</").append(tag).append('>');
        return this;
    }

    /** Writes an element with no content. */
    Svg empty(String tag, Object... attributes) {
        out.append('<').append(tag);
        attributes(attributes);
        out.append("/>");
        return this;
    }

    /** Writes an element whose content is {@code text}, escaped. */
    Svg text(String tag, String text, Object... attributes) {
        open(tag, attributes);
        out.append(Markup.escape(text));
        return close(tag);
    }

    /** Closes the root element and returns the document. */
    String end() {
        return out.append("</svg>").toString();
    }

    /** Writes a coordinate: at most two decimals, no trailing zeros, a dot in any locale. */
    static String number(double value) {
        return Words.decimal(value, 2);
    }

    private void attributes(Object... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name, value pairs: " + pairs.length + " given");
        }
        for (int i = 0; i < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            String text = value instanceof Number n ? number(n.doubleValue()) : String.valueOf(value);
            out.append(' ').append(pairs[i]).append("=\"").append(Markup.escape(text)).append('"');
        }
    }
}
