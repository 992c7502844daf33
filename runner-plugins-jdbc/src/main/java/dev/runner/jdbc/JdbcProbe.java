package dev.runner.jdbc;

import dev.runner.Health;
import dev.runner.HealthProbe;
import dev.runner.spi.Secrets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * Checks a database: gets a connection, from a JDBC URL through
 * {@link java.sql.DriverManager} or from the application's {@link DataSource}, and checks it with
 * {@link Connection#isValid}, or with a validation query when one is set.
 *
 * <pre>{@code
 * runner.add(db, Option.probe("jdbc:postgresql://db:5432/app?user=app&password=s3cret"));
 * runner.add(api, Option.probe(JdbcProbe.of(pool).withValidationQuery("SELECT 1")));
 * }</pre>
 *
 * <p><b>Bounded.</b> {@link #check} never waits longer than its timeout, even when the server
 * accepts the TCP connection and then says nothing: the connect and validate run on a virtual
 * thread of their own while the caller waits for at most the timeout; past it the caller gets an
 * unhealthy result, the thread is interrupted, and a connection that still arrives is closed (given
 * back to the pool) at once. For the drivers that have them (PostgreSQL, MySQL, MariaDB) the timeout
 * also goes into that one connection's properties ({@code connectTimeout}, {@code socketTimeout},
 * {@code loginTimeout}), so the thread ends soon too. Nothing JVM-wide is touched:
 * {@link java.sql.DriverManager#setLoginTimeout} is never called.
 *
 * <p><b>No secrets.</b> The {@link #name()}, every health detail and every message of this class
 * mask the password of the URL's userinfo, password and token parameters, and the value of every
 * secret driver property wherever a driver echoes it.
 *
 * <p>Instances are immutable and safe to use from several threads; each check uses its own
 * connection.
 */
public final class JdbcProbe implements HealthProbe {

    /** The detail of a check called with no time left. */
    private static final String NO_TIME_LEFT = "no time left for the check (timeout zero or negative)";

    private final ConnectionSource source;
    private final String name;
    private final String validationQuery;

    private JdbcProbe(ConnectionSource source, String name, String validationQuery) {
        this.source = source;
        this.name = name;
        this.validationQuery = validationQuery;
    }

    /**
     * Creates a probe that opens a fresh connection to {@code url} for every check.
     *
     * @param url the JDBC URL, such as {@code jdbc:postgresql://db:5432/app}; it may carry
     *            {@code user} and {@code password} parameters, which the name masks
     * @return the probe
     * @throws NullPointerException     if {@code url} is null
     * @throws IllegalArgumentException if {@code url} does not start with {@code jdbc:}; the
     *                                  message masks any secret in it
     */
    public static JdbcProbe of(String url) {
        return of(url, new Properties());
    }

    /**
     * Creates a probe that opens a fresh connection to {@code url} with a user and password.
     *
     * @param url      the JDBC URL
     * @param user     the database user
     * @param password the password; never shown
     * @return the probe
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code url} does not start with {@code jdbc:}
     */
    public static JdbcProbe of(String url, String user, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", Objects.requireNonNull(user, "user must not be null"));
        properties.setProperty("password", Objects.requireNonNull(password, "password must not be null"));
        return of(url, properties);
    }

    /**
     * Creates a probe that opens a fresh connection to {@code url} with driver properties, which
     * apply to the probe's connections only (for instance {@code user}, {@code password},
     * {@code ssl}, or the driver's own timeouts, which then replace the ones the probe derives from
     * its timeout).
     *
     * @param url        the JDBC URL
     * @param properties the driver properties; copied, never shown
     * @return the probe
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code url} does not start with {@code jdbc:}
     */
    public static JdbcProbe of(String url, Properties properties) {
        Objects.requireNonNull(url, "jdbc url must not be null");
        Objects.requireNonNull(properties, "properties must not be null");
        if (!url.regionMatches(true, 0, "jdbc:", 0, 5) || url.length() == 5) {
            throw new IllegalArgumentException("not a JDBC URL (it must start with \"jdbc:\"): \""
                    + Secrets.mask(url) + "\"");
        }
        ConnectionSource source = new ConnectionSource.Url(url, properties);
        return new JdbcProbe(source, Secrets.mask(url), null);
    }

    /**
     * Creates a probe that borrows a connection from the application's data source, such as its
     * connection pool, for every check and gives it back afterwards. The pool's own settings
     * decide how long borrowing may take; the probe still returns within its timeout.
     *
     * @param dataSource the data source
     * @return the probe, named after the data source's class until {@link #withName} names it
     * @throws NullPointerException if {@code dataSource} is null
     */
    public static JdbcProbe of(DataSource dataSource) {
        ConnectionSource source = new ConnectionSource.Pool(
                Objects.requireNonNull(dataSource, "dataSource must not be null"));
        return new JdbcProbe(source, source.describe(), null);
    }

    /**
     * Returns a probe that checks the connection by running {@code sql} (with a query timeout)
     * instead of calling {@link Connection#isValid}; the check passes when the statement runs
     * without error.
     *
     * @param sql the validation query, such as {@code SELECT 1}
     * @return a new probe; this one is unchanged
     * @throws NullPointerException     if {@code sql} is null
     * @throws IllegalArgumentException if {@code sql} is blank
     */
    public JdbcProbe withValidationQuery(String sql) {
        Objects.requireNonNull(sql, "validation query must not be null");
        if (sql.isBlank()) {
            throw new IllegalArgumentException("validation query must not be blank");
        }
        return new JdbcProbe(source, name, sql);
    }

    /**
     * Returns a probe with another name for logs and health reports; secrets in it are masked too.
     *
     * @param name the name, such as {@code orders-db}
     * @return a new probe; this one is unchanged
     * @throws NullPointerException     if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public JdbcProbe withName(String name) {
        Objects.requireNonNull(name, "name must not be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        return new JdbcProbe(source, redact(name), validationQuery);
    }

    /**
     * Returns the validation query, if one is set.
     *
     * @return the query, or empty when the probe calls {@link Connection#isValid}
     */
    public Optional<String> validationQuery() {
        return Optional.ofNullable(validationQuery);
    }

    /**
     * Returns the probe's name: the masked JDBC URL, the data source's class, or the name given
     * with {@link #withName}.
     *
     * @return the name; never contains a password or token
     */
    @Override
    public String name() {
        return name;
    }

    /**
     * Gets a connection and checks it, returning within {@code timeout} whatever the database does.
     *
     * @param timeout how long the check may take
     * @return up when the connection is valid (or the validation query ran); down, with a detail
     *         that says what went wrong without any secret (the caller names the probe), when no
     *         connection could be had, it was not valid, the query failed, no answer came within
     *         the timeout, or the timeout was zero or negative
     * @throws NullPointerException     if {@code timeout} is null
     * @throws InterruptedException     if the calling thread is interrupted while it waits; the
     *                                  check's own thread is interrupted too
     */
    @Override
    public Health check(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative() || timeout.isZero()) {
            return Health.down(NO_TIME_LEFT);
        }
        AtomicBoolean abandoned = new AtomicBoolean();
        FutureTask<Health> attempt = new FutureTask<>(() -> connectAndValidate(timeout, abandoned));
        Thread.ofVirtual().name("runner-jdbc-probe").start(attempt);
        try {
            return attempt.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abandon(attempt, abandoned);
            return Health.down("no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            return Health.down(describe(e.getCause()));
        } catch (InterruptedException e) {
            abandon(attempt, abandoned);
            throw e;
        }
    }

    /** Shows the name only: the URL's properties may hold a password. */
    @Override
    public String toString() {
        return "JdbcProbe[" + name + "]";
    }

    /**
     * Runs on the probe's own thread: connect, then validate; the connection is always closed,
     * also when it arrives after the caller stopped waiting.
     */
    private Health connectAndValidate(Duration timeout, AtomicBoolean abandoned) throws SQLException {
        long started = System.nanoTime();
        try (Connection connection = source.open(timeout)) {
            if (abandoned.get()) {
                return null; // too late: nobody waits for the answer; the connection closes here
            }
            int seconds = DriverTimeouts.seconds(timeout.minusNanos(System.nanoTime() - started));
            if (validationQuery == null) {
                return connection.isValid(seconds)
                        ? Health.up()
                        : Health.down("the connection is not valid (Connection.isValid returned false)");
            }
            try (Statement statement = connection.createStatement()) {
                statement.setQueryTimeout(seconds);
                statement.execute(validationQuery);
                return Health.up();
            }
        }
    }

    /** Stops waiting for an attempt: a connection still to come is closed by the attempt itself. */
    private static void abandon(FutureTask<Health> attempt, AtomicBoolean abandoned) {
        abandoned.set(true);
        attempt.cancel(true);
    }

    /** Says what went wrong in one line, without secrets. */
    private String describe(Throwable failure) {
        if (failure instanceof SQLException sql) {
            String message = sql.getMessage() == null ? sql.getClass().getName() : sql.getMessage();
            if ("08001".equals(sql.getSQLState()) && message.toLowerCase(Locale.ROOT).startsWith("no suitable driver")) {
                return redact("no JDBC driver accepts this URL: add the driver's jar to the class path or module path");
            }
            String state = sql.getSQLState() == null ? "" : " (SQLState " + sql.getSQLState() + ")";
            return redact(message + state + causeOf(sql, message));
        }
        String message = failure.getMessage();
        return redact(failure.getClass().getName() + (message == null || message.isBlank() ? "" : ": " + message)
                + causeOf(failure, message));
    }

    /**
     * Returns ", caused by Type: message" for the deepest cause that says something the message
     * does not, such as the {@code SocketTimeoutException} behind "The connection attempt failed.";
     * empty when there is none.
     */
    private static String causeOf(Throwable failure, String message) {
        String said = message == null ? "" : message;
        String found = "";
        Throwable cause = failure.getCause();
        for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) { // a chain may loop
            String text = cause.getMessage();
            if (text != null && !text.isBlank() && !said.contains(text)) {
                found = ", caused by " + cause.getClass().getSimpleName() + ": " + text;
            }
        }
        return found;
    }

    /** Masks URL secrets and every secret value the source knows. */
    private String redact(String text) {
        String masked = Secrets.mask(text);
        Set<String> secrets = source.secrets();
        for (String secret : secrets) {
            masked = masked.replace(secret, Secrets.MASK);
        }
        return masked;
    }
}
