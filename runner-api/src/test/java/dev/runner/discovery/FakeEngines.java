package dev.runner.discovery;

import dev.runner.Runner;
import dev.runner.spi.RunnerProvider;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Engines for the discovery tests, named in {@code META-INF/services} files that the tests write:
 * two that work, and one whose constructor throws. A working engine's runner is a stand-in that
 * answers only {@code name()} and {@code toString()}, which says which engine made it.
 */
public final class FakeEngines {

    /** How many fake engines were constructed in this JVM, broken ones included. */
    private static final AtomicInteger CONSTRUCTED = new AtomicInteger();

    private FakeEngines() {
    }

    /** Returns how many fake engines were constructed in this JVM, broken ones included. */
    public static int constructed() {
        return CONSTRUCTED.get();
    }

    /** A working engine: counts its construction, and makes stand-in runners. */
    private abstract static class Working implements RunnerProvider {

        Working() {
            CONSTRUCTED.incrementAndGet();
        }

        @Override
        public Runner create(String name) {
            return runner(this, name);
        }
    }

    /** A working engine; ServiceLoader uses its implicit public constructor. */
    public static final class First extends Working {
    }

    /** Another working engine, the same but for its class name. */
    public static final class Second extends Working {
    }

    /** An engine that cannot even be constructed. */
    public static final class Broken implements RunnerProvider {

        /** Always throws, as an engine missing its configuration might. */
        public Broken() {
            CONSTRUCTED.incrementAndGet();
            throw new IllegalStateException("broken engine on purpose");
        }

        @Override
        public Runner create(String name) {
            throw new AssertionError("never constructed");
        }
    }

    /**
     * A runner that knows its name and its engine and nothing else, whatever methods Runner has.
     */
    private static Runner runner(RunnerProvider engine, String name) {
        return (Runner) Proxy.newProxyInstance(Runner.class.getClassLoader(), new Class<?>[] {Runner.class},
                (proxy, method, arguments) -> switch (method.getName()) {
                    case "name" -> name;
                    case "toString" -> "runner " + name + " by " + engine.getClass().getName();
                    default -> throw new UnsupportedOperationException(method.getName() + " on a fake runner");
                });
    }
}
