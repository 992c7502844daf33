package dev.runner.spi;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
     * A secret value this long or longer is masked wherever it occurs; a shorter one only where it
     * stands alone. See the class comment.
     */
    public static final int MASKED_EVERYWHERE_FROM = 4;

    /**
     * The password of {@code scheme://user:password@host}: from the first colon of the userinfo to
     * its last {@code @}, so a password holding an unencoded {@code @} is masked whole.
     */
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/@:?#\\s]*:)([^/?#\\s]*)@");

    /** The words that make a parameter or header name a secret one. */
    private static final String SECRET_WORD =
            "(?:password|passwd|pwd|pass|secret|token|apikey|api_key|api-key|auth|credential|signature)";

    /**
     * A parameter such as {@code ?password=...}, {@code &access_token=...}, JDBC's
     * {@code ;password=...} or {@code sslpassword=...}: any name holding a secret word.
     */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)((?:^|[?&;,\\s])[\\w.-]*" + SECRET_WORD + "[\\w.-]*=)"
            + "(?!(?:bearer|basic|digest|negotiate|token)\\s+\\*\\*\\*)([^&;,\\s]*)");

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

    /**
     * The password of a userinfo that holds an unencoded {@code /}, {@code ?} or {@code #}, up to
     * the last {@code @} of the word, as group 1; asked only when {@link #USER_INFO_PASSWORD}
     * finds nothing, since it may take in part of a path.
     */
    private static final Pattern LOOSE_USER_INFO_PASSWORD_VALUE = Pattern.compile("//[^/@:?#\\s]*:(\\S*)@");

    /** Oracle's {@code jdbc:oracle:thin:user/password@host}: the password as group 1. */
    private static final Pattern SLASH_PASSWORD_VALUE = Pattern.compile("(?i)^jdbc:oracle:\\w+:[^/@:\\s]+/([^@\\s]+)@");

    private Secrets() {
    }

    /**
     * Returns the secret values written in a URI or a JDBC URL: the password of a
     * {@code user:password@} userinfo (also one holding an unencoded {@code @}, {@code /} or
     * {@code #}), of Oracle's {@code user/password@} form, and the value of every parameter whose
     * name speaks of a secret ({@code password=}, {@code token=}, {@code api_key=}, JDBC's
     * {@code ;password=}, ...). Each comes as written and, when it holds escapes, decoded too
     * ({@code p%40ss} and {@code p@ss}), since a driver or a server may echo either.
     *
     * @param uri the URI or URL as the user wrote it, possibly malformed
     * @return the values, for {@link #redact(String, Collection)}; empty when there is none
     * @throws NullPointerException if {@code uri} is null
     */
    public static Set<String> valuesIn(String uri) {
        Objects.requireNonNull(uri, "uri must not be null");
        Set<String> values = new LinkedHashSet<>();
        addGroup(USER_INFO_PASSWORD, 2, uri, values);
        if (values.isEmpty()) {
            addGroup(LOOSE_USER_INFO_PASSWORD_VALUE, 1, uri, values);
        }
        addGroup(SLASH_PASSWORD_VALUE, 1, uri, values);
        addGroup(SECRET_PARAMETER, 2, uri, values);
        Set<String> withDecoded = new LinkedHashSet<>();
        for (String value : values) {
            withDecoded.add(value);
            withDecoded.add(percentDecoded(value));
            withDecoded.add(formDecoded(value));
        }
        withDecoded.removeIf(String::isEmpty);
        return Set.copyOf(withDecoded);
    }

    /**
     * Returns the values of the properties whose names speak of a secret ({@code password},
     * {@code sslpassword}, {@code token}, ...; see {@link #isSecretName}), such as JDBC driver
     * properties. Entries whose name or value is not a string are left out.
     *
     * @param properties the properties, such as a {@link java.util.Properties}
     * @return the values, for {@link #redact(String, Collection)}; empty when there is none
     * @throws NullPointerException if {@code properties} is null
     */
    public static Set<String> valuesOf(Map<?, ?> properties) {
        Objects.requireNonNull(properties, "properties must not be null");
        Set<String> values = new LinkedHashSet<>();
        properties.forEach((name, value) -> {
            if (name instanceof String key && value instanceof String text && !text.isEmpty() && isSecretName(key)) {
                values.add(text);
            }
        });
        return Set.copyOf(values);
    }

    /**
     * Returns text with every one of the given secret values masked by the rule of the class
     * comment, and then everything {@link #mask} finds by pattern.
     *
     * @param text   the text, such as a health detail or an exception message; possibly null
     * @param values the secret values, such as {@link #valuesIn(String)} gave
     * @return the masked text, or null for null
     * @throws NullPointerException if {@code values} is null or holds null
     */
    public static String redact(String text, Collection<String> values) {
        Objects.requireNonNull(values, "values must not be null");
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String value : longestFirst(values)) {
            masked = value.length() >= MASKED_EVERYWHERE_FROM
                    ? masked.replace(value, MASK)
                    : maskWhereAlone(masked, value);
        }
        return mask(masked);
    }

    /**
     * Returns a copy of an exception and its whole chain, causes and suppressed exceptions alike,
     * with every message {@linkplain #redact(String, Collection) redacted}; the stack traces and
     * the names of the original classes are kept (see {@link RedactedException}). A chain that
     * loops is copied as a chain that loops the same way.
     *
     * @param failure the exception, such as one a driver threw
     * @param values  the secret values to mask
     * @return the copy; its class is {@link RedactedException}, whatever the original's was
     * @throws NullPointerException if an argument is null
     */
    public static RedactedException redact(Throwable failure, Collection<String> values) {
        Objects.requireNonNull(failure, "failure must not be null");
        List<String> ordered = longestFirst(values);
        return copy(failure, ordered, new IdentityHashMap<>());
    }

    private static RedactedException copy(Throwable original, List<String> values,
                                          Map<Throwable, RedactedException> copied) {
        RedactedException known = copied.get(original);
        if (known != null) {
            return known; // the chain loops: point back at the copy already made
        }
        String className = original instanceof RedactedException redacted
                ? redacted.originalClassName()
                : original.getClass().getName();
        RedactedException copy = new RedactedException(className, redact(original.getMessage(), values));
        copied.put(original, copy);
        copy.setStackTrace(original.getStackTrace());
        if (original.getCause() != null) {
            copy.initCause(copy(original.getCause(), values, copied));
        }
        for (Throwable suppressed : original.getSuppressed()) {
            copy.addSuppressed(copy(suppressed, values, copied));
        }
        return copy;
    }

    /** The values worth masking, longest first, so one that holds another is masked whole. */
    private static List<String> longestFirst(Collection<String> values) {
        Objects.requireNonNull(values, "values must not be null");
        return values.stream()
                .map(value -> Objects.requireNonNull(value, "values must not hold null"))
                .filter(value -> !value.isBlank() && !value.chars().allMatch(c -> c == '*'))
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    /** Masks the occurrences of a short value that have no letter or digit right beside them. */
    private static String maskWhereAlone(String text, String value) {
        StringBuilder masked = new StringBuilder(text.length());
        int from = 0;
        for (int at = text.indexOf(value); at >= 0; at = text.indexOf(value, from)) {
            int end = at + value.length();
            boolean alone = (at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1)))
                    && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)));
            masked.append(text, from, at).append(alone ? MASK : value);
            from = end;
        }
        return masked.append(text, from, text.length()).toString();
    }

    private static void addGroup(Pattern pattern, int group, String text, Set<String> values) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            values.add(matcher.group(group));
        }
    }

    /** {@code %XX} escapes decoded as UTF-8, a {@code +} kept; the value itself when malformed. */
    private static String percentDecoded(String value) {
        return value.indexOf('%') < 0 ? value : formDecoded(value.replace("+", "%2B"));
    }

    /** Decoded as a form field ({@code +} is a space); the value itself when malformed. */
    private static String formDecoded(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return value;
        }
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
