package dev.runner.discovery;

import dev.runner.HealthProbe;
import dev.runner.Runner;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The application a discovery test runs in a JVM of its own, so that each run binds afresh:
 * {@code [--context-loader DIR] create} calls {@code Runner.create} three times, and
 * {@code [--context-loader DIR] probe URI} calls {@code HealthProbe.of}. It prints one line per
 * outcome ({@code RUNNER ...}, {@code PROBE ...} or {@code ERROR <message>}) and, after creating,
 * {@code CONSTRUCTED <n>}: how many fake engines were constructed.
 */
public final class DiscoveryApp {

    private DiscoveryApp() {
    }

    /**
     * Runs one command.
     *
     * @param args the command, optionally after {@code --context-loader DIR}: that directory, in a
     *             class loader whose parent is the application class loader, becomes the thread's
     *             context class loader first ({@code platform}: the platform class loader, which
     *             sees no provider)
     */
    public static void main(String[] args) throws Exception {
        String[] command = args;
        if (args[0].equals("--context-loader")) {
            Thread.currentThread().setContextClassLoader(args[1].equals("platform")
                    ? ClassLoader.getPlatformClassLoader()
                    : new URLClassLoader(new URL[] {Path.of(args[1]).toUri().toURL()}, DiscoveryApp.class.getClassLoader()));
            command = Arrays.copyOfRange(args, 2, args.length);
        }
        switch (command[0]) {
            case "create" -> {
                for (int i = 1; i <= 3; i++) {
                    try {
                        System.out.println("RUNNER " + Runner.create("app" + i));
                    } catch (IllegalStateException e) {
                        System.out.println("ERROR " + e.getMessage());
                    }
                }
                System.out.println("CONSTRUCTED " + FakeEngines.constructed());
            }
            case "probe" -> {
                try {
                    System.out.println("PROBE " + HealthProbe.of(command[1]).name());
                } catch (IllegalArgumentException e) {
                    System.out.println("ERROR " + e.getMessage());
                }
            }
            default -> throw new IllegalArgumentException("unknown command " + command[0]);
        }
    }
}
