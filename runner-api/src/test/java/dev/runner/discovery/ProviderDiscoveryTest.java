package dev.runner.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Runner;
import dev.runner.spi.HealthProbeFactory;
import dev.runner.spi.RunnerProvider;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code Runner.create} and {@code HealthProbe.of} find their providers, each case in a JVM of
 * its own (the binding is made once per JVM): the class path holds runner-api's classes, the fake
 * providers' classes, and {@code META-INF/services} files that the test writes.
 */
class ProviderDiscoveryTest {

    private static final String FIRST = FakeEngines.First.class.getName();
    private static final String SECOND = FakeEngines.Second.class.getName();
    private static final String BROKEN = FakeEngines.Broken.class.getName();

    /** What the child JVM printed. */
    private record Output(String stdout, String stderr) {

        List<String> lines(String prefix) {
            return stdout.lines().filter(line -> line.startsWith(prefix)).toList();
        }

        String firstLine(String prefix) {
            return lines(prefix).stream().findFirst()
                    .orElseThrow(() -> new AssertionError("no line starting with " + prefix + " in " + this));
        }
    }

    @TempDir
    Path directory;

    @Test
    void withTwoEnginesAndNoPropertyEveryCreateFailsNamingBoth() throws Exception {
        Path engines = services("engines", RunnerProvider.class, FIRST, SECOND);

        Output output = run(List.of(engines), List.of(), "create");

        List<String> errors = output.lines("ERROR ");
        assertEquals(3, errors.size(), output.toString());
        for (String error : errors) {
            assertTrue(error.contains("2 Runner engines found"), error);
            assertTrue(error.contains(FIRST) && error.contains(SECOND), error);
            assertTrue(error.contains("dev.runner.engine=<class name>"), error);
        }
        assertTrue(output.lines("RUNNER ").isEmpty(), output.toString());
    }

    @Test
    void thePropertyChoosesAmongSeveralEnginesWhateverTheirOrder() throws Exception {
        Path engines = services("engines", RunnerProvider.class, FIRST, SECOND);

        Output second = run(List.of(engines), List.of("-Ddev.runner.engine=" + SECOND), "create");
        Output first = run(List.of(engines), List.of("-Ddev.runner.engine=" + FIRST), "create");

        assertEquals(List.of("RUNNER runner app1 by " + SECOND, "RUNNER runner app2 by " + SECOND,
                "RUNNER runner app3 by " + SECOND), second.lines("RUNNER "), second.toString());
        assertEquals("RUNNER runner app1 by " + FIRST, first.firstLine("RUNNER "), first.toString());
    }

    @Test
    void aPropertyNamingNoInstalledEngineFailsNamingTheOnesFound() throws Exception {
        Path engines = services("engines", RunnerProvider.class, FIRST);

        Output output = run(List.of(engines), List.of("-Ddev.runner.engine=com.example.NoSuchEngine"), "create");

        String error = output.firstLine("ERROR ");
        assertTrue(error.contains("dev.runner.engine names the Runner engine \"com.example.NoSuchEngine\""), error);
        assertTrue(error.contains("the engines found are: " + FIRST), error);
    }

    @Test
    void anEngineWhoseConstructorThrowsIsSkippedWithAWarningNamingIt() throws Exception {
        Path engines = services("engines", RunnerProvider.class, BROKEN, FIRST);

        Output output = run(List.of(engines), List.of(), "create");

        assertEquals("RUNNER runner app1 by " + FIRST, output.firstLine("RUNNER "), output.toString());
        assertTrue(output.stderr().contains("skipped a Runner engine that failed to load"), output.stderr());
        assertTrue(output.stderr().contains(BROKEN), output.stderr());
        assertTrue(output.stderr().contains("broken engine on purpose"), output.stderr());
    }

    @Test
    void withOnlyABrokenEngineTheErrorSaysWhatFailedToLoad() throws Exception {
        Path engines = services("engines", RunnerProvider.class, BROKEN);

        Output output = run(List.of(engines), List.of(), "create");

        String error = output.firstLine("ERROR ");
        assertTrue(error.contains("no Runner engine found: add the runner-engine jar"), error);
        assertTrue(error.contains("failed to load") && error.contains(BROKEN), error);
    }

    @Test
    void theEngineIsBoundOnceNotLookedUpAgainForEachCreate() throws Exception {
        Path engines = services("engines", RunnerProvider.class, FIRST);

        Output output = run(List.of(engines), List.of(), "create");

        assertEquals(3, output.lines("RUNNER ").size(), output.toString());
        assertEquals(List.of("CONSTRUCTED 1"), output.lines("CONSTRUCTED "), output.toString());
    }

    @Test
    void anEngineRunnersOwnClassLoaderSeesIsFoundWhateverTheContextClassLoader() throws Exception {
        Path engines = services("engines", RunnerProvider.class, FIRST);

        Output output = run(List.of(engines), List.of(), "--context-loader", "platform", "create");

        assertEquals("RUNNER runner app1 by " + FIRST, output.firstLine("RUNNER "), output.toString());
    }

    @Test
    void anEngineOnlyTheContextClassLoaderSeesIsFound() throws Exception {
        Path engines = services("engines", RunnerProvider.class, FIRST);

        Output output = run(List.of(), List.of(), "--context-loader", engines.toString(), "create");

        assertEquals("RUNNER runner app1 by " + FIRST, output.firstLine("RUNNER "), output.toString());
    }

    @Test
    void anEngineSeenThroughBothClassLoadersCountsOnce() throws Exception {
        Path engines = services("engines", RunnerProvider.class, FIRST);

        Output output = run(List.of(engines), List.of(), "--context-loader", engines.toString(), "create");

        assertEquals("RUNNER runner app1 by " + FIRST, output.firstLine("RUNNER "), output.toString());
    }

    @Test
    void aProbePluginWhoseConstructorThrowsIsSkippedWithAWarningNamingIt() throws Exception {
        Path plugins = services("plugins", HealthProbeFactory.class,
                FakeProbePlugins.Broken.class.getName(), FakeProbePlugins.Working.class.getName());

        Output output = run(List.of(plugins), List.of(), "probe", "fake://somewhere");

        assertEquals(List.of("PROBE fake probe of fake://somewhere"), output.lines("PROBE "), output.toString());
        assertTrue(output.stderr().contains("skipped a health probe plugin that failed to load"), output.stderr());
        assertTrue(output.stderr().contains(FakeProbePlugins.Broken.class.getName()), output.stderr());
    }

    @Test
    void aProbePluginOnlyTheContextClassLoaderSeesIsFoundOnce() throws Exception {
        Path plugins = services("plugins", HealthProbeFactory.class, FakeProbePlugins.Working.class.getName());

        Output output = run(List.of(plugins), List.of(), "--context-loader", plugins.toString(), "probe", "nosuch:x");

        String error = output.firstLine("ERROR ");
        assertTrue(error.contains("(installed schemes: fake)"), error);
        assertFalse(output.stderr().contains("skipped"), output.stderr());
    }

    /** Writes {@code META-INF/services/<service>} listing the providers into a new directory. */
    private Path services(String name, Class<?> service, String... providers) throws IOException {
        Path root = directory.resolve(name);
        Path file = root.resolve("META-INF/services").resolve(service.getName());
        Files.createDirectories(file.getParent());
        Files.write(file, List.of(providers));
        return root;
    }

    /**
     * Runs {@link DiscoveryApp} with runner-api's classes, the test classes and {@code extraClassPath}
     * on the class path, and waits at most a minute.
     */
    private Output run(List<Path> extraClassPath, List<String> jvmOptions, String... arguments)
            throws IOException, InterruptedException {
        List<String> classPath = new ArrayList<>();
        classPath.add(locationOf(Runner.class).toString());
        classPath.add(locationOf(DiscoveryApp.class).toString());
        extraClassPath.forEach(path -> classPath.add(path.toString()));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classPath), DiscoveryApp.class.getName()));
        command.addAll(List.of(arguments));
        Path stdout = Files.createTempFile(directory, "stdout", ".txt");
        Path stderr = Files.createTempFile(directory, "stderr", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child JVM did not end within 60 s: " + command);
        }
        Output output = new Output(Files.readString(stdout), Files.readString(stderr));
        assertEquals(0, process.exitValue(), "the child JVM failed: " + output);
        return output;
    }

    private static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
