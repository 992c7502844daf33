package dev.runner.jdbc;

import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/**
 * The driver properties that bound one connection attempt for the drivers that have them, so the
 * probe's background thread ends soon after its caller stopped waiting. They go into the
 * {@link Properties} of that one connection only: nothing here touches JVM-wide state such as
 * {@link java.sql.DriverManager#setLoginTimeout}. Properties the user set are kept.
 */
final class DriverTimeouts {

    private DriverTimeouts() {
    }

    /**
     * Returns a copy of {@code given} with the timeout properties of the URL's driver added where
     * the user did not set them; for a driver not listed here, a plain copy.
     *
     * @param url     the JDBC URL, which names the driver
     * @param timeout the bound of the whole check
     * @param given   the user's properties, left unchanged
     * @return the properties for this one connection
     */
    static Properties forUrl(String url, Duration timeout, Properties given) {
        Properties properties = new Properties();
        properties.putAll(given);
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql:")) {
            // pgjdbc: all three in whole seconds; 0 would mean "no timeout", so at least 1.
            String seconds = Long.toString(seconds(timeout));
            properties.putIfAbsent("connectTimeout", seconds);
            properties.putIfAbsent("socketTimeout", seconds);
            properties.putIfAbsent("loginTimeout", seconds);
        } else if (lower.startsWith("jdbc:mysql:") || lower.startsWith("jdbc:mariadb:")) {
            // Connector/J and MariaDB Connector/J: milliseconds.
            String millis = Long.toString(Math.max(1, timeout.toMillis()));
            properties.putIfAbsent("connectTimeout", millis);
            properties.putIfAbsent("socketTimeout", millis);
        }
        return properties;
    }

    /** Returns the timeout in whole seconds, rounded up, at least 1: JDBC's unit for timeouts. */
    static int seconds(Duration timeout) {
        long millis = Math.max(1, timeout.toMillis());
        return (int) Math.min(Integer.MAX_VALUE, (millis + 999) / 1000);
    }
}
