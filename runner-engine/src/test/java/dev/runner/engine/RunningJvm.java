package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link RunMain} running in a JVM of its own, on the test JVM's class path, which a test can
 * follow line by line while it runs, send SIGTERM to, and wait for. Closing it kills the JVM if it
 * is still alive.
 */
final class RunningJvm implements AutoCloseable {

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private RunningJvm(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Launches {@link RunMain} with one argument a service, writing its output into {@code dir}. */
    static RunningJvm start(Path dir, String... services) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                RunMain.class.getName()));
        command.addAll(List.of(services));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new RunningJvm(process, out, err);
    }

    /** Waits until the JVM printed {@code line}; fails if it ends first or does not print it within the bound. */
    void awaitLine(String line) throws InterruptedException {
        long giveUp = System.nanoTime() + Eventually.BOUND.toNanos();
        while (!stdoutLines().contains(line)) {
            if (!process.isAlive() && !stdoutLines().contains(line)) {
                fail("the JVM ended (exit " + process.exitValue() + ") without printing \"" + line + "\"\n" + describe());
            }
            if (System.nanoTime() > giveUp) {
                fail("the JVM did not print \"" + line + "\" within " + Eventually.BOUND + "\n" + describe());
            }
            Thread.sleep(10);
        }
    }

    /** Sends the JVM SIGTERM (what {@link Process#destroy()} does on Linux), as a pod's end would. */
    void terminate() {
        process.destroy();
    }

    /** Waits for the JVM to end and returns its exit code; fails, killing it, if it does not end within {@code bound}. */
    int awaitExit(Duration bound) throws InterruptedException {
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail("the JVM did not end within " + bound + "\n" + describe());
        }
        return process.exitValue();
    }

    /** Returns what the JVM printed to stdout so far, line by line. */
    List<String> stdoutLines() {
        return read(stdout).lines().toList();
    }

    /** Returns what the JVM printed to stderr so far. */
    String stderr() {
        return read(stderr);
    }

    /** Returns both outputs, for failure messages. */
    String describe() {
        return "stdout:\n" + read(stdout) + "stderr:\n" + read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the JVM if it is still alive, and waits for it to be gone. */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
