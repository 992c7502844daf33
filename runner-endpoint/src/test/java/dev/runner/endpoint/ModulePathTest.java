package dev.runner.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module works on the module path: an application that {@code requires dev.runner.endpoint}
 * (and reads {@code dev.runner} through it) serves a runner's readiness from a child JVM.
 */
class ModulePathTest {

    private static final String MODULE_INFO = """
            module app {
                requires dev.runner.endpoint;
                requires java.net.http;
            }
            """;

    private static final String MAIN = """
            package app;

            import dev.runner.Context;
            import dev.runner.Runner;
            import dev.runner.Service;
            import dev.runner.endpoint.HealthEndpoint;
            import java.net.URI;
            import java.net.http.HttpClient;
            import java.net.http.HttpRequest;
            import java.net.http.HttpResponse;
            import java.time.Duration;

            public final class Main {
                public static void main(String[] args) throws Exception {
                    Runner runner = Runner.create("modular");
                    runner.add(new Service() {
                        public String name() { return "db"; }
                        public void start(Context context) { }
                        public void stop(Context context) { }
                    });
                    runner.start(Duration.ofSeconds(30));
                    try (HealthEndpoint endpoint = HealthEndpoint.builder(runner).start()) {
                        HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + endpoint.address().getPort() + "/health/ready")).build(),
                                HttpResponse.BodyHandlers.ofString());
                        System.out.println("READY " + ready.statusCode() + " " + ready.body());
                        System.out.println("MODULE " + HealthEndpoint.class.getModule().getName());
                    } finally {
                        runner.stop(Duration.ofSeconds(30));
                    }
                }
            }
            """;

    @Test
    void anApplicationModuleServesItsRunnersHealth(@TempDir Path directory) throws Exception {
        Path endpoint = locationOf(HealthEndpoint.class);
        assertTrue(Files.isRegularFile(endpoint.resolve("module-info.class")), "built as a module: " + endpoint);
        Path api = locationOf(dev.runner.Runner.class);
        Path sources = directory.resolve("src");
        Path app = directory.resolve("app");
        Files.createDirectories(sources.resolve("app"));
        Files.writeString(sources.resolve("module-info.java"), MODULE_INFO);
        Files.writeString(sources.resolve("app/Main.java"), MAIN);
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "21",
                "--module-path", join(Stream.of(api, endpoint)), "-d", app.toString(),
                sources.resolve("module-info.java").toString(), sources.resolve("app/Main.java").toString());
        assertEquals(0, compiled, "the application compiles against the module");
        String modulePath = join(Stream.of(app, api, endpoint,
                locationOf(Class.forName("dev.runner.engine.EngineRunnerProvider")), classPathEntry("slf4j-api-")));

        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", modulePath, "-m", "app/app.Main").redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child JVM ended");

        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("READY 200 {\"status\":\"UP\",\"checks\":[{\"name\":\"db\",\"status\":\"UP\""), output);
        assertTrue(output.contains("MODULE dev.runner.endpoint"), output);
    }

    private static Path locationOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Path classPathEntry(String prefix) {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of)
                .filter(path -> path.getFileName().toString().startsWith(prefix))
                .findFirst().orElseThrow(() -> new AssertionError("no " + prefix + "* on the test class path"));
    }

    private static String join(Stream<Path> paths) {
        return paths.map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }
}
