package dev.runner;

import dev.runner.spi.Secrets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises a probe URI written without its scheme, such as {@code localhost:8080/health}, where
 * the host is read as a scheme, and suggests the {@code http://} URI it most likely meant.
 *
 * <p>The part before the first {@code /}, {@code ?} or {@code #}, without any {@code user:password@},
 * reads as a host when it is {@code localhost}, an IPv4 address or a bracketed IPv6 address, each
 * with or without a port, or a host name followed by a port ({@code db.example:5432}). A real
 * scheme such as {@code jdbc:postgresql://...} or {@code nosuchscheme://host} never does: what
 * follows its colon is not a port.
 */
final class HostLikeScheme {

    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(?:\\.[0-9]{1,3}){3}");

    private static final Pattern HOST_NAME =
            Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*");

    private HostLikeScheme() {
    }

    /**
     * Returns the {@code http://} URI that {@code uri} probably meant, masked for display.
     *
     * @param uri a probe URI that no plugin could take
     * @return {@code http://} followed by {@code uri}, with any password masked, or empty when
     *         {@code uri} does not start with a host
     */
    static Optional<String> httpGuess(String uri) {
        int end = uri.length();
        for (char delimiter : new char[] {'/', '?', '#'}) {
            int at = uri.indexOf(delimiter);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String authority = uri.substring(0, end);
        String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
        if (!startsWithHost(hostAndPort)) {
            return Optional.empty();
        }
        return Optional.of(Secrets.maskUri("http://" + uri));
    }

    private static boolean startsWithHost(String hostAndPort) {
        if (hostAndPort.startsWith("[")) {
            int close = hostAndPort.indexOf(']');
            return close > 1 && (close == hostAndPort.length() - 1
                    || hostAndPort.charAt(close + 1) == ':' && PORT.matcher(hostAndPort.substring(close + 2)).matches());
        }
        int colon = hostAndPort.lastIndexOf(':');
        String host = colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
        boolean hasPort = colon >= 0;
        if (hasPort && !PORT.matcher(hostAndPort.substring(colon + 1)).matches()) {
            return false;
        }
        if (host.toLowerCase(Locale.ROOT).equals("localhost") || IPV4.matcher(host).matches()) {
            return true;
        }
        return hasPort && HOST_NAME.matcher(host).matches();
    }
}
