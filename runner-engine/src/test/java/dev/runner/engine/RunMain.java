package dev.runner.engine;

import dev.runner.Context;
import dev.runner.Option;
import dev.runner.RestartPolicy;
import dev.runner.Runner;
import dev.runner.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An application for {@link RunTest}, launched in a JVM of its own by {@link RunningJvm}: it builds
 * a runner from its arguments and calls {@link Runner#run(Duration)} with a stop timeout of
 * {@link #STOP_TIMEOUT}, letting whatever {@code run} throws propagate out of {@code main}.
 *
 * <p>One argument a service: {@code name[,option...]}, with the options {@code dependsOn=a+b},
 * {@code critical}, {@code never} (restart policy {@code NEVER}), {@code slowStart} (its start
 * sleeps a minute, giving up when interrupted) and {@code crash} (it reports a failed exit once the
 * runner has started). It prints to stdout, a line each, {@code starting X}, {@code started X},
 * {@code interrupted X}, {@code stopping X}, {@code stopped X}, and {@code runner started} once
 * {@code start} returned.
 */
final class RunMain {

    /** The stop timeout given to {@code run}. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** What a crashing service reports; it does not name the service, so a message that does got the name elsewhere. */
    static final String CRASH_MESSAGE = "lost its connection";

    private RunMain() {
    }

    /** A service that prints what happens to it. */
    private record Printing(String name, boolean slowStart, boolean crash, Runner runner) implements Service {

        @Override
        public void start(Context context) throws InterruptedException {
            print("starting " + name);
            if (slowStart) {
                try {
                    Thread.sleep(Duration.ofMinutes(1));
                } catch (InterruptedException e) {
                    print("interrupted " + name);
                    throw e;
                }
            }
            if (crash) {
                Thread.ofVirtual().name("crash-" + name).start(() -> {
                    awaitStarted(runner);
                    context.exited(new IllegalStateException(CRASH_MESSAGE));
                });
            }
            print("started " + name);
        }

        @Override
        public void stop(Context context) {
            print("stopping " + name);
            print("stopped " + name);
        }
    }

    public static void main(String[] args) {
        Runner runner = Runner.create("run-main");
        for (String arg : args) {
            add(runner, arg);
        }
        Thread.ofVirtual().name("announce").start(() -> {
            awaitStarted(runner);
            print("runner started");
        });
        runner.run(STOP_TIMEOUT);
    }

    private static void add(Runner runner, String spec) {
        List<String> parts = Arrays.asList(spec.split(","));
        String name = parts.getFirst();
        List<Option> options = new ArrayList<>();
        for (String option : parts.subList(1, parts.size())) {
            if (option.startsWith("dependsOn=")) {
                options.add(Option.dependsOn(option.substring("dependsOn=".length()).split("\\+")));
            } else if (option.equals("critical")) {
                options.add(Option.critical());
            } else if (option.equals("never")) {
                options.add(Option.restartPolicy(RestartPolicy.NEVER));
            } else if (!option.equals("slowStart") && !option.equals("crash")) {
                throw new IllegalArgumentException("unknown option " + option + " in " + spec);
            }
        }
        runner.add(new Printing(name, parts.contains("slowStart"), parts.contains("crash"), runner),
                options.toArray(Option[]::new));
    }

    /** Waits until the runner's start returned; returns early if it is interrupted. */
    private static void awaitStarted(Runner runner) {
        try {
            while (!runner.status().started()) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void print(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
