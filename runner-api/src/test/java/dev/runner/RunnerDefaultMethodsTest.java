package dev.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The conveniences of {@link Runner} and {@link Service} are default methods: each one must reach
 * the abstract method an engine implements, with the context or timeout it promises.
 */
class RunnerDefaultMethodsTest {

    /** One call of an abstract {@link Runner} method: its name and its one argument. */
    private record Call(String method, Object argument) {
    }

    private final List<Call> calls = new ArrayList<>();

    /** A runner whose abstract methods only record their calls; its default methods are the real ones. */
    private Runner recordingRunner() {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            calls.add(new Call(method.getName(), args == null ? null : args[0]));
            return null;
        };
        return (Runner) Proxy.newProxyInstance(Runner.class.getClassLoader(), new Class<?>[] {Runner.class}, handler);
    }

    private Call onlyCall() {
        assertEquals(1, calls.size(), "calls: " + calls);
        return calls.getFirst();
    }

    /** Asserts that the one call was {@code method} with a context whose deadline is {@code timeout} after {@code before}. */
    private void assertOneCallWithDeadline(String method, Duration timeout, Instant before) {
        Call call = onlyCall();
        assertEquals(method, call.method());
        Instant deadline = ((Context) call.argument()).deadline().orElseThrow();
        assertFalse(deadline.isBefore(before.plus(timeout)), deadline + " is before " + before + " + " + timeout);
        assertFalse(deadline.isAfter(Instant.now().plus(timeout)), deadline + " is after now + " + timeout);
    }

    @Test
    void startWithoutArgumentsStartsWithTheBackgroundContext() {
        recordingRunner().start();

        assertEquals(new Call("start", Context.background()), onlyCall());
    }

    @Test
    void startWithATimeoutStartsWithADeadlineThatFarAway() {
        Instant before = Instant.now();

        recordingRunner().start(Duration.ofMinutes(5));

        assertOneCallWithDeadline("start", Duration.ofMinutes(5), before);
    }

    @Test
    void stopWithoutArgumentsStopsWithTheBackgroundContext() {
        recordingRunner().stop();

        assertEquals(new Call("stop", Context.background()), onlyCall());
    }

    @Test
    void stopWithATimeoutStopsWithADeadlineThatFarAway() {
        Instant before = Instant.now();

        recordingRunner().stop(Duration.ofSeconds(7));

        assertOneCallWithDeadline("stop", Duration.ofSeconds(7), before);
    }

    @Test
    void runWithoutArgumentsRunsWithAStopTimeoutOfThirtySeconds() {
        recordingRunner().run();

        assertEquals(new Call("run", Duration.ofSeconds(30)), onlyCall());
    }

    @Test
    void aServiceThatDoesNotOverrideHealthIsAlwaysUp() {
        Service plain = new Service() {
            @Override
            public String name() {
                return "plain";
            }

            @Override
            public void start(Context context) {
            }

            @Override
            public void stop(Context context) {
            }
        };

        assertEquals(Health.up(), plain.health());
    }
}
