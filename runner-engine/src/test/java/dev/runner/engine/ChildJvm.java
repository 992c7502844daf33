package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Compiles a small application at test time with the JDK's javac and runs it in a JVM of its own, on the module path
 * or the class path, against the built classes of runner-api and runner-engine.
 */
final class ChildJvm {

    /** What a child JVM did. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    private ChildJvm() {
    }

    /** Returns the class-path entry of the test JVM whose file name starts with {@code prefix}. */
    static Path classPathEntry(String prefix) {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of)
                .filter(p -> p.getFileName() != null && p.getFileName().toString().startsWith(prefix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + "* on the test class path: "
                        + System.getProperty("java.class.path")));
    }

    /** Returns runner-api's built classes (a directory or a jar) as the test class path has them. */
    static Path apiClasses() {
        Path location = location(dev.runner.Runner.class);
        assertTrue(location.toString().contains("runner-api"), "runner-api found at " + location);
        return location;
    }

    /** Returns runner-engine's built main classes, with their module-info and META-INF/services. */
    static Path engineClasses() {
        Path classes = Path.of(System.getProperty("basedir", "."), "target", "classes").toAbsolutePath();
        assertTrue(Files.isRegularFile(classes.resolve("module-info.class")), "no module-info.class in " + classes);
        assertTrue(Files.isRegularFile(classes.resolve("META-INF/services/dev.runner.spi.RunnerProvider")),
                "no META-INF/services/dev.runner.spi.RunnerProvider in " + classes);
        return classes;
    }

    private static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Writes the sources into {@code dir}/src and compiles them into {@code dir}/classes.
     *
     * @param sources   file paths relative to the source root, mapped to their text
     * @param options   compiler options such as {@code --module-path} or {@code -classpath}
     * @return the directory of the compiled classes
     */
    static Path compile(Path dir, Map<String, String> sources, List<String> options)
            throws IOException, InterruptedException {
        Path src = dir.resolve("src");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> arguments = new ArrayList<>(options);
        arguments.addAll(List.of("--release", "21", "-d", classes.toString()));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            arguments.add(file.toString());
        }
        // javac as a tool of the running JDK, in a process of its own: the tests are compiled into
        // the engine's module, which does not read java.compiler.
        Result result = launch(dir, "javac", arguments);
        assertEquals(0, result.exitCode(), "compilation failed:\n" + result.stdout() + result.stderr());
        return classes;
    }

    /** Runs {@code java} with the arguments, waiting at most a minute. */
    static Result run(Path workDir, List<String> arguments) throws IOException, InterruptedException {
        return launch(workDir, "java", arguments);
    }

    private static Result launch(Path workDir, String tool, List<String> arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", tool).toString());
        command.addAll(arguments);
        Path out = workDir.resolve(tool + "-stdout.txt");
        Path err = workDir.resolve(tool + "-stderr.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(tool + " did not end within 60 s: " + command + "\nstdout:\n"
                    + Files.readString(out) + "\nstderr:\n" + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Joins paths into a path list for {@code --module-path} or {@code -cp}. */
    static String pathList(Path... paths) {
        return String.join(File.pathSeparator, Arrays.stream(paths).map(Path::toString).toList());
    }
}
