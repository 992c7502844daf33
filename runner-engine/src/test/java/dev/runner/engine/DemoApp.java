package dev.runner.engine;

import java.util.List;

/**
 * The source of a tiny application that uses Runner the way a user would: it creates a runner,
 * adds two services with a dependency, starts, prints its health and stops. Compiled at test time
 * for {@link ModulePathTest} and {@link ClassPathTest}.
 */
final class DemoApp {

    /** What the application prints when everything worked, line by line. */
    static final List<String> EXPECTED_LINES = List.of(
            "healthy: true",
            "states: {db=RUNNING, api=RUNNING}",
            "events: [start db, start api, stop api, stop db]",
            "running after stop: false");

    /** The application's main class, package {@code app}. */
    static final String MAIN = """
            package app;

            import dev.runner.Context;
            import dev.runner.Option;
            import dev.runner.Runner;
            import dev.runner.Service;
            import java.time.Duration;
            import java.util.ArrayList;
            import java.util.Collections;
            import java.util.LinkedHashMap;
            import java.util.List;
            import java.util.Map;

            public final class Main {
                static final List<String> EVENTS = Collections.synchronizedList(new ArrayList<>());

                record Demo(String name) implements Service {
                    public void start(Context context) { EVENTS.add("start " + name); }
                    public void stop(Context context) { EVENTS.add("stop " + name); }
                }

                public static void main(String[] args) {
                    Runner runner = Runner.create("demo");
                    runner.add(new Demo("db"));
                    runner.add(new Demo("api"), Option.dependsOn("db"));
                    runner.start(Duration.ofSeconds(30));
                    System.out.println("healthy: " + runner.health().healthy());
                    Map<String, String> states = new LinkedHashMap<>();
                    runner.healthStatus().services().forEach((name, health) -> states.put(name, health.state().toString()));
                    System.out.println("states: " + states);
                    runner.stop(Duration.ofSeconds(30));
                    System.out.println("events: " + EVENTS);
                    System.out.println("running after stop: " + runner.isRunning());
                    System.out.println("api module: " + Runner.class.getModule().getName());
                    System.out.println("engine module: " + runner.getClass().getModule().getName());
                }
            }
            """;

    /** The application's module declaration, for the module path. */
    static final String MODULE_INFO = """
            module app {
                requires dev.runner;
            }
            """;

    private DemoApp() {
    }
}
