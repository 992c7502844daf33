package dev.runner.jdbc;

import dev.runner.spi.Secrets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Where a {@link JdbcProbe} gets its connection: a JDBC URL, the application's pool, or a supplier
 * of the pool the application makes later.
 */
sealed interface ConnectionSource {

    /**
     * Opens a connection; the probe closes it (for a pool: gives it back).
     *
     * @param timeout the bound of the whole check, for the driver's own timeouts
     * @return an open connection, or null when there is nothing to connect through yet (a
     *         supplier gave no data source)
     * @throws SQLException if none could be opened
     */
    Connection open(Duration timeout) throws SQLException;

    /** Returns what the probe is called unless the user names it; never a secret. */
    String describe();

    /**
     * Returns the secret values this source knows, to mask wherever they might be echoed; the
     * probe asks once, when it is built.
     */
    Set<String> secrets();

    /** Borrows a connection from a data source, which must not answer null. */
    private static Connection borrow(DataSource dataSource) throws SQLException {
        Connection connection = dataSource.getConnection();
        if (connection == null) {
            throw new SQLException("the data source " + dataSource.getClass().getName()
                    + " returned null instead of a connection");
        }
        return connection;
    }

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

        /** The passwords and tokens of the URL (userinfo, parameters) and of the properties. */
        @Override
        public Set<String> secrets() {
            Set<String> secrets = new HashSet<>(Secrets.valuesIn(url));
            secrets.addAll(Secrets.valuesOf(properties));
            return Set.copyOf(secrets);
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
            return borrow(dataSource);
        }

        @Override
        public String describe() {
            return "jdbc datasource " + dataSource.getClass().getName();
        }

        /** None known: a data source does not tell its password. */
        @Override
        public Set<String> secrets() {
            return Set.of();
        }
    }

    /**
     * A connection borrowed, for every check, from the data source the supplier gives at that
     * check: the pool a service makes in its {@code start} and drops in its {@code stop}.
     *
     * @param supplier gives the data source, or null while there is none
     */
    record Supplied(Supplier<? extends DataSource> supplier) implements ConnectionSource {

        @Override
        public Connection open(Duration timeout) throws SQLException {
            DataSource dataSource = supplier.get();
            return dataSource == null ? null : borrow(dataSource);
        }

        @Override
        public String describe() {
            return "jdbc datasource from a supplier";
        }

        /** None known: a data source does not tell its password. */
        @Override
        public Set<String> secrets() {
            return Set.of();
        }
    }
}
