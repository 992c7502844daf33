package dev.runner.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL for the tests that can be stopped and started again on the same port with the
 * same data: the first start runs initdb and creates a login role with a password; TCP logins need
 * that password (only the admin user the embedded server checks itself with is trusted).
 *
 * <p>A test class registers one, and it runs for the class's tests:
 * {@code @RegisterExtension static final EmbeddedPostgresServer server = new EmbeddedPostgresServer();}
 * creates the cluster, starts it and creates the role before the class's {@code @BeforeAll}
 * methods, and deletes it after all the class's tests.
 */
final class EmbeddedPostgresServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    static final String USER = "probe";
    static final String PASSWORD = "pr0be-S3cret-value";

    private Path dataDirectory;
    private int port;
    private EmbeddedPostgres postgres;

    /** Creates the cluster on a free port, starts it, and creates the {@link #USER} role. */
    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dataDirectory = Files.createTempDirectory("runner-jdbc-probe-pg");
        port = freePort();
        start();
        try (Connection admin = postgres.getPostgresDatabase().getConnection();
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
        }
    }

    /** Stops the server and deletes its data. */
    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        close();
    }

    /** Returns the JDBC URL of the {@code postgres} database, without credentials. */
    String url() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    /** Returns the running server, for its data sources. */
    EmbeddedPostgres postgres() {
        return postgres;
    }

    /** Starts the server on its port with its data; a no-op when it runs. */
    void start() throws IOException {
        if (postgres != null) {
            return;
        }
        postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setDataDirectoryCustomizer(directory -> {
                    try {
                        Files.writeString(directory.toPath().resolve("pg_hba.conf"), """
                                local all all trust
                                host all postgres 127.0.0.1/32 trust
                                host all postgres ::1/128 trust
                                host all all 127.0.0.1/32 scram-sha-256
                                host all all ::1/128 scram-sha-256
                                """);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .start();
    }

    /** Stops the server, keeping its data; a no-op when it is stopped. */
    void stop() throws IOException {
        if (postgres != null) {
            EmbeddedPostgres running = postgres;
            postgres = null;
            running.close();
        }
    }

    /** Stops the server and deletes its data; a no-op when it was never created. */
    @Override
    public void close() throws IOException {
        stop();
        if (dataDirectory == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
