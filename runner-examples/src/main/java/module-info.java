/**
 * The README's demo: a module-path application that runs a few services as a supervised group.
 *
 * <p>It needs only the API at compile time; the engine ({@code dev.runner.engine}) and the
 * logging backend are found on the module path at run time through {@link java.util.ServiceLoader}.
 */
module dev.runner.examples {
    requires dev.runner;
    requires jdk.httpserver;
    // Not a named module: the launcher derives the automatic module "embedded.postgres" from the
    // jar's file name. Its own dependencies (commons-compress, xz, ...) are resolved with
    // --add-modules ALL-MODULE-PATH, since no named module requires them.
    requires embedded.postgres;
}
