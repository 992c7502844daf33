package dev.runner.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.HealthProbe;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A tiny module-path application, {@code module app { requires dev.runner; }}, compiled by the
 * test and run in a child JVM: it makes a probe with {@code HealthProbe.of(args[0])}, checks it,
 * and prints what it found. It never requires a plugin module: plugins come in by service binding
 * when their jar is on the module path.
 */
final class ModulePathApp {

    /** What the child JVM printed and how it ended. */
    record Run(int exitCode, String output) {
    }

    private static final String MODULE_INFO = """
            module app {
                requires dev.runner;
            }
            """;

    private static final String MAIN = """
            package app;

            import dev.runner.Health;
            import dev.runner.HealthProbe;
            import java.time.Duration;

            public final class Main {
                public static void main(String[] args) throws Exception {
                    HealthProbe probe;
                    try {
                        probe = HealthProbe.of(args[0]);
                    } catch (IllegalArgumentException e) {
                        System.out.println("ERROR " + e.getMessage());
                        System.exit(2);
                        return;
                    }
                    Health health = probe.check(Duration.ofSeconds(10));
                    System.out.println("PROBE " + probe.name() + " from " + probe.getClass().getModule().getName());
                    System.out.println("HEALTH " + health.healthy() + " " + health.detail());
                }
            }
            """;

    private final Path modules;

    private ModulePathApp(Path modules) {
        this.modules = modules;
    }

    /**
     * Compiles the application into {@code directory} against runner-api.
     *
     * @param directory an empty directory
     * @return the application, ready to run
     */
    static ModulePathApp compile(Path directory) throws IOException {
        Path sources = directory.resolve("src");
        Path classes = directory.resolve("app");
        Files.createDirectories(sources.resolve("app"));
        Files.writeString(sources.resolve("module-info.java"), MODULE_INFO);
        Files.writeString(sources.resolve("app/Main.java"), MAIN);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int result = javac.run(null, null, null, "--release", "21", "--module-path", runnerApi().toString(),
                "-d", classes.toString(),
                sources.resolve("module-info.java").toString(), sources.resolve("app/Main.java").toString());
        assertEquals(0, result, "the test application compiles");
        return new ModulePathApp(classes);
    }

    /** Returns runner-api's classes or jar, as the build put it on the test class path. */
    static Path runnerApi() {
        return locationOf(HealthProbe.class);
    }

    /** Returns the classes directory or jar a class was loaded from. */
    static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code java --module-path <runner-api>:<extra...>:<app> -m app/app.Main <argument>}.
     *
     * @param extraModules plugin jars or classes directories, and drivers as automatic modules
     * @param classPath    entries for the class path, possibly none
     * @param argument     the probe URI
     * @return what it printed and its exit code
     */
    Run run(List<Path> extraModules, List<Path> classPath, String argument) throws IOException, InterruptedException {
        List<Path> modulePath = new ArrayList<>();
        modulePath.add(runnerApi());
        modulePath.addAll(extraModules);
        modulePath.add(modules);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", join(modulePath)));
        if (!classPath.isEmpty()) {
            command.addAll(List.of("-cp", join(classPath)));
        }
        command.addAll(List.of("-m", "app/app.Main", argument));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child JVM ended");
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static String join(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }
}
