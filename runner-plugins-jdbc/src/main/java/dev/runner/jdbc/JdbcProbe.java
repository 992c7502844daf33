package dev.runner.jdbc;

import dev.runner.Health;
import dev.runner.HealthProbe;
import dev.runner.spi.RedactedException;
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
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Checks a database: gets a connection, from a JDBC URL through
 * {@link java.sql.DriverManager}, from the application's {@link DataSource}, or from the data
 * source a supplier gives at each check, and checks it with {@link Connection#isValid}, or with a
 * validation query when one is set.
 *
 * <pre>{@code
 * runner.add(db, Option.probe("jdbc:postgresql://db:5432/app?user=app&password=s3cret"));
 * runner.add(api, Option.probe(JdbcProbe.of(pool).withValidationQuery("SELECT 1")));
 * runner.add(orders, Option.probe(JdbcProbe.of(orders::dataSource)));  // made in orders.start
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
 * <p><b>No secrets.</b> When the probe is built it takes the secret values out of its URL (the
 * password of a {@code user:password@} userinfo, {@code password=}/{@code token=}-style parameters)
 * and its driver properties ({@code password}, {@code sslpassword}, ...). Its {@link #name()},
 * every health detail, every message and every exception it throws have those values masked
 * wherever they appear, as {@link Secrets#redact(String, java.util.Collection)} says, also where a
 * driver echoes the URL as a host name in an {@code UnknownHostException}; URL patterns are masked
 * too. A probe made from a data source knows no password and masks by pattern only.
 *
 * <p>Instances are immutable and safe to use from several threads; each check uses its own
 * connection.
 */
public final class JdbcProbe implements HealthProbe {

    /** The detail of a check called with no time left. */
    private static final String NO_TIME_LEFT = "no time left for the check (timeout zero or negative)";

    /** The detail of a check whose supplier gave no data source. */
    private static final String NO_DATA_SOURCE = "no data source yet (the supplier returned null)";

    private final ConnectionSource source;
    private final Set<String> secrets;
    private final String name;
    private final String validationQuery;

    private JdbcProbe(ConnectionSource source, Set<String> secrets, String name, String validationQuery) {
        this.source = source;
        this.secrets = secrets;
        this.name = name;
        this.validationQuery = validationQuery;
    }

    /** A probe named after its source, with the secrets the source knows. */
    private static JdbcProbe from(ConnectionSource source) {
        Set<String> secrets = source.secrets();
        return new JdbcProbe(source, secrets, Secrets.redact(source.describe(), secrets), null);
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
                    + Secrets.redact(url, Secrets.valuesIn(url)) + "\"");
        }
        return from(new ConnectionSource.Url(url, properties));
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
        return from(new ConnectionSource.Pool(Objects.requireNonNull(dataSource, "dataSource must not be null")));
    }

    /**
     * Creates a probe that asks {@code dataSource} for the data source at every check and borrows a
     * connection from it, for a pool that does not exist yet when the probe is added: one that a
     * service makes in its {@code start} (and drops in its {@code stop}), so that after a restart
     * the probe checks the new pool.
     *
     * <p>A check at which the supplier returns null is down, with the detail
     * {@code "no data source yet (the supplier returned null)"}: the service has not made its pool
     * yet, or has dropped it. A supplier that throws makes the check throw (see {@link #check}).
     *
     * <pre>{@code
     * runner.add(orders, Option.probe(JdbcProbe.of(orders::dataSource).withName("orders-db")));
     * }</pre>
     *
     * @param dataSource gives the data source at each check, or null while there is none; called
     *                   on the probe's own thread, so it must be safe to call from any thread
     *                   (read a {@code volatile} field, for instance)
     * @return the probe, named {@code jdbc datasource from a supplier} until {@link #withName}
     *         names it
     * @throws NullPointerException if {@code dataSource} is null
     */
    public static JdbcProbe of(Supplier<? extends DataSource> dataSource) {
        return from(new ConnectionSource.Supplied(Objects.requireNonNull(dataSource, "dataSource supplier must not be null")));
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
        return new JdbcProbe(source, secrets, name, sql);
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
        return new JdbcProbe(source, secrets, redact(name), validationQuery);
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
     * Returns the probe's name: the masked JDBC URL, the data source's class, the words
     * {@code jdbc datasource from a supplier}, or the name given with {@link #withName}.
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
     *         that says what went wrong without any secret (the caller names the probe), when the
     *         driver or the data source failed with an {@link SQLException} (no connection could
     *         be had, it was not valid, the query failed), no answer came within the timeout, a
     *         supplier gave no data source, or the timeout was zero or negative
     * @throws NullPointerException if {@code timeout} is null
     * @throws RedactedException    if the driver, the data source or the supplier failed with
     *                              anything but an {@link SQLException}, such as a closed pool's
     *                              {@code IllegalStateException}: the check could not be made. It
     *                              is a copy of that failure with the same stack traces and the
     *                              original class names, its message and the messages of its
     *                              causes and suppressed exceptions without any secret
     * @throws InterruptedException if the calling thread is interrupted while it waits; the
     *                              check's own thread is interrupted too
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
            if (e.getCause() instanceof SQLException failure) {
                return Health.down(describe(failure));
            }
            throw Secrets.redact(e.getCause(), secrets);
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
            if (connection == null) {
                return Health.down(NO_DATA_SOURCE);
            }
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
    private String describe(SQLException failure) {
        String message = failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
        if ("08001".equals(failure.getSQLState()) && message.toLowerCase(Locale.ROOT).startsWith("no suitable driver")) {
            return "no JDBC driver accepts this URL: add the driver's jar to the class path or module path";
        }
        String state = failure.getSQLState() == null ? "" : " (SQLState " + failure.getSQLState() + ")";
        return redact(message + state + causeOf(failure, message));
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

    /** Masks every secret value the source knows, and URL secrets by pattern. */
    private String redact(String text) {
        return Secrets.redact(text, secrets);
    }
}
