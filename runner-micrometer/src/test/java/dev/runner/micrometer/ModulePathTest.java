package dev.runner.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module works on the module path with micrometer-core as the automatic module
 * {@code micrometer.core}: an application that {@code requires dev.runner.micrometer} binds a
 * runner's meters to a registry it reaches through that module alone.
 */
class ModulePathTest {

    private static final String MODULE_INFO = """
            module app {
                requires dev.runner.micrometer;
            }
            """;

    private static final String MAIN = """
            package app;

            import dev.runner.Context;
            import dev.runner.Runner;
            import dev.runner.Service;
            import dev.runner.micrometer.RunnerMetrics;
            import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
            import java.time.Duration;

            public final class Main {
                public static void main(String[] args) {
                    SimpleMeterRegistry registry = new SimpleMeterRegistry();
                    Runner runner = Runner.create("modular");
                    runner.add(new Service() {
                        public String name() { return "db"; }
                        public void start(Context context) { }
                        public void stop(Context context) { }
                    });
                    new RunnerMetrics(runner).bindTo(registry);
                    runner.start(Duration.ofSeconds(30));
                    runner.stop(Duration.ofSeconds(30));
                    System.out.println("STARTS " + registry.get("runner.service.start").tags("service", "db").timer().count());
                    System.out.println("STOPS " + registry.get("runner.service.stop").tags("service", "db").timer().count());
                    System.out.println("MODULE " + RunnerMetrics.class.getModule().getName());
                }
            }
            """;

    @Test
    void anApplicationModuleBindsARunnersMeters(@TempDir Path directory) throws Exception {
        Path metrics = locationOf(RunnerMetrics.class);
        assertTrue(Files.isRegularFile(metrics.resolve("module-info.class")), "built as a module: " + metrics);
        Path api = locationOf(dev.runner.Runner.class);
        Path micrometer = classPathEntry("micrometer-core-");
        Path sources = directory.resolve("src");
        Path app = directory.resolve("app");
        Files.createDirectories(sources.resolve("app"));
        Files.writeString(sources.resolve("module-info.java"), MODULE_INFO);
        Files.writeString(sources.resolve("app/Main.java"), MAIN);
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "21",
                "--module-path", join(Stream.of(api, metrics, micrometer, classPathEntry("micrometer-commons-"),
                        classPathEntry("micrometer-observation-"), classPathEntry("jspecify-"))),
                "-d", app.toString(),
                sources.resolve("module-info.java").toString(), sources.resolve("app/Main.java").toString());
        assertEquals(0, compiled, "the application compiles against the module");
        String modulePath = join(Stream.of(app, api, metrics, micrometer, classPathEntry("micrometer-commons-"),
                classPathEntry("micrometer-observation-"), classPathEntry("jspecify-"), classPathEntry("HdrHistogram-"),
                locationOf(Class.forName("dev.runner.engine.EngineRunnerProvider")), classPathEntry("slf4j-api-")));

        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", modulePath, "-m", "app/app.Main").redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child JVM ended");

        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("STARTS 1"), output);
        assertTrue(output.contains("STOPS 1"), output);
        assertTrue(output.contains("MODULE dev.runner.micrometer"), output);
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
