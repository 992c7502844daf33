package dev.runner.spi;

import java.util.regex.Pattern;

/**
 * Masks passwords and tokens in text that may reach a log, a health report or an exception
 * message. Plugins use it for probe names and errors.
 */
public final class Secrets {

    /** What a masked secret is replaced with. */
    public static final String MASK = "***";

    /** The password of {@code scheme://user:password@host}. */
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/@:?#]*:)[^@/?#]*@");

    /** A parameter such as {@code ?password=...}, {@code &token=...} or JDBC's {@code ;password=...}. */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)((?:^|[?&;,\\s])(?:password|passwd|pwd|pass|token|access_token|auth|secret|apikey|api_key|api-key)=)[^&;,\\s]*");

    private Secrets() {
    }

    /**
     * Returns a URI, or any text holding one, with the userinfo password and secret parameters
     * replaced by {@value #MASK}.
     *
     * @param text the text, possibly null
     * @return the masked text, or null for null
     */
    public static String maskUri(String text) {
        if (text == null) {
            return null;
        }
        String masked = USER_INFO_PASSWORD.matcher(text).replaceAll("$1" + MASK + "@");
        return SECRET_PARAMETER.matcher(masked).replaceAll("$1" + MASK);
    }
}
