/**
 * An HTTP health probe for Runner: {@code HealthProbe.of("http://api:8080/health")} or
 * {@link dev.runner.http.HttpProbe#builder(String)}.
 *
 * <p>Users need not require this module: with its jar on the module path (or the class path),
 * {@code ServiceLoader} finds its {@link dev.runner.spi.HealthProbeFactory}.
 *
 * <p>Only {@code java.net.http} is required: the JDK's HTTP server ({@code jdk.httpserver}) serves
 * this module's tests and is no part of the probe, so an application image made with jlink need
 * not carry it.
 */
module dev.runner.plugins.http {
    requires transitive dev.runner;
    requires java.net.http;

    exports dev.runner.http;

    provides dev.runner.spi.HealthProbeFactory with dev.runner.http.HttpProbeFactory;
}
