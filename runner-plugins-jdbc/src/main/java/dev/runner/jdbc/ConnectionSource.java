package dev.runner.jdbc;

import dev.runner.spi.Secrets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** Where a {@link JdbcProbe} gets its connection: a JDBC URL or the application's pool. */
sealed interface ConnectionSource {

    /**
     * Opens a connection; the probe closes it (for a pool: gives it back).
     *
     * @param timeout the bound of the whole check, for the driver's own timeouts
     * @return an open connection
     * @throws SQLException if none could be opened
     */
    Connection open(Duration timeout) throws SQLException;

    /** Returns what the probe is called unless the user names it; never a secret. */
    String describe();

    /** Returns the secret values this source knows, to mask wherever they might be echoed. */
    Set<String> secrets();

    /**
     * A fresh connection through {@link DriverManager} for every check.
     *
     * @param url        the JDBC URL
     * @param properties the driver properties, such as {@code user} and {@code password}; copied
     */
    record Url(String url, Properties properties) implements ConnectionSource {

        /** Copies the properties so later changes to the caller's object do not leak in. */
        public Url {
            Properties copy = new Properties();
            copy.putAll(properties);
            properties = copy;
        }

        @Override
        public Connection open(Duration timeout) throws SQLException {
            return DriverManager.getConnection(url, DriverTimeouts.forUrl(url, timeout, properties));
        }

        @Override
        public String describe() {
            return url;
        }

        @Override
        public Set<String> secrets() {
            return properties.stringPropertyNames().stream()
                    .filter(Secrets::isSecretName)
                    .map(properties::getProperty)
                    .filter(value -> value != null && value.length() >= 3) // shorter: too common to replace in text
                    .collect(Collectors.toUnmodifiableSet());
        }

        /** Shows the URL only: the properties may hold a password. */
        @Override
        public String toString() {
            return "Url[" + Secrets.mask(url) + "]";
        }
    }

    /**
     * A connection borrowed from the application's {@link DataSource} for every check.
     *
     * @param dataSource the data source, such as the application's connection pool
     */
    record Pool(DataSource dataSource) implements ConnectionSource {

        @Override
        public Connection open(Duration timeout) throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public String describe() {
            return "jdbc datasource " + dataSource.getClass().getName();
        }

        @Override
        public Set<String> secrets() {
            return Set.of();
        }
    }
}
