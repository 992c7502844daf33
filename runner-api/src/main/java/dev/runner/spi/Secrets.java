package dev.runner.spi;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks passwords and tokens in text that may reach a log, a health report or an exception
 * message. Plugins use it for probe names and errors.
 *
 * <p>What is masked: the password of a {@code user:password@} userinfo, the value of a parameter
 * whose name speaks of a secret ({@code password=}, {@code token=}, {@code access_token=},
 * {@code sslpassword=}, {@code api_key=}, {@code client_secret=}, ...) after {@code ?}, {@code &},
 * {@code ;} or a space, and the credentials of an {@code Authorization} header, a
 * {@code Bearer} token or a JSON field such as {@code "password": "..."} written out in text. The user name, host, port and path stay,
 * so a masked URL still says where the probe goes.
 */
public final class Secrets {

    /** What a masked secret is replaced with. */
    public static final String MASK = "***";

    /**
     * The password of {@code scheme://user:password@host}: from the first colon of the userinfo to
     * its last {@code @}, so a password holding an unencoded {@code @} is masked whole.
     */
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/@:?#\\s]*:)[^/?#\\s]*@");

    /** The words that make a parameter or header name a secret one. */
    private static final String SECRET_WORD =
            "(?:password|passwd|pwd|pass|secret|token|apikey|api_key|api-key|auth|credential|signature)";

    /**
     * A parameter such as {@code ?password=...}, {@code &access_token=...}, JDBC's
     * {@code ;password=...} or {@code sslpassword=...}: any name holding a secret word.
     */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)((?:^|[?&;,\\s])[\\w.-]*" + SECRET_WORD + "[\\w.-]*=)"
            + "(?!(?:bearer|basic|digest|negotiate|token)\\s+\\*\\*\\*)[^&;,\\s]*");

    /** {@code Authorization: Bearer abc}, {@code Proxy-Authorization=Basic abc}, and the like. */
    private static final Pattern AUTHORIZATION_HEADER = Pattern.compile(
            "(?i)((?:proxy-)?authorization\\s*[:=]\\s*\\[?)(?:(bearer|basic|digest|negotiate|token)\\s+)?[^\\s,;\\]]+");

    /** A quoted key holding a secret word, as in JSON: {@code "password": "..."} or {@code "token": 42}. */
    private static final Pattern SECRET_JSON_FIELD = Pattern.compile(
            "(?i)(\"[\\w.-]*" + SECRET_WORD + "[\\w.-]*\"\\s*:\\s*)(?:\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s,}\\]]+)");

    /** A bearer token standing alone, such as {@code Bearer eyJhbGci...}. */
    private static final Pattern BEARER_TOKEN = Pattern.compile("(?i)\\b(bearer)\\s+(?!\\*\\*\\*)[A-Za-z0-9._~+/=-]{8,}");

    /** Names that hold a secret word. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*" + SECRET_WORD + ".*");

    /** Header names that carry secrets however they are spelled. */
    private static final Pattern SECRET_HEADER = Pattern.compile(
            "(?i)(?:(?:proxy-)?authorization|cookie|set-cookie|.*" + SECRET_WORD + ".*)");

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

    /**
     * Returns any text, such as an exception message or a log line, with everything
     * {@link #maskUri} masks and also the credentials of {@code Authorization} headers,
     * {@code Bearer} tokens and JSON fields named for secrets replaced by {@value #MASK}.
     *
     * @param text the text, possibly null
     * @return the masked text, or null for null
     */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = AUTHORIZATION_HEADER.matcher(text).replaceAll(match -> Matcher.quoteReplacement(
                match.group(1) + (match.group(2) == null ? "" : match.group(2) + " ") + MASK));
        masked = BEARER_TOKEN.matcher(masked).replaceAll("$1 " + MASK);
        masked = SECRET_JSON_FIELD.matcher(masked).replaceAll("$1\"" + MASK + "\"");
        return maskUri(masked);
    }

    /**
     * Tells whether an HTTP header carries a secret: {@code Authorization},
     * {@code Proxy-Authorization}, {@code Cookie}, {@code Set-Cookie}, or a name holding a secret
     * word such as {@code X-Api-Key} or {@code X-Auth-Token}.
     *
     * @param name the header name, in any case
     * @return whether its value must never be shown
     * @throws NullPointerException if {@code name} is null
     */
    public static boolean isSecretHeader(String name) {
        return SECRET_HEADER.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    /**
     * Tells whether a name, such as a driver property or a parameter, speaks of a secret: it holds
     * a word such as {@code password}, {@code secret}, {@code token}, {@code apikey} or
     * {@code auth}.
     *
     * @param name the name, in any case
     * @return whether a value under this name must never be shown
     * @throws NullPointerException if {@code name} is null
     */
    public static boolean isSecretName(String name) {
        return SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    /**
     * Returns a header value fit to show: {@value #MASK} for a {@linkplain #isSecretHeader secret
     * header}, the value itself otherwise.
     *
     * @param name  the header name
     * @param value the value
     * @return the value or the mask
     * @throws NullPointerException if {@code name} is null
     */
    public static String maskHeader(String name, String value) {
        return isSecretHeader(name) ? MASK : value;
    }
}
