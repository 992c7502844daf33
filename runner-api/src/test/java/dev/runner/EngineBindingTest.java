package dev.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.spi.RunnerProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Choosing the engine from what was found and the system property, as a table of values. */
class EngineBindingTest {

    /** An engine that only has to be told apart from the other by its class. */
    static final class Alpha implements RunnerProvider {
        @Override
        public Runner create(String name) {
            throw new UnsupportedOperationException();
        }
    }

    /** The other engine. */
    static final class Beta implements RunnerProvider {
        @Override
        public Runner create(String name) {
            throw new UnsupportedOperationException();
        }
    }

    private final RunnerProvider alpha = new Alpha();
    private final RunnerProvider beta = new Beta();

    @Test
    void theOneEngineFoundIsBound() {
        assertSame(alpha, EngineBinding.choose(List.of(alpha), List.of(), null).require());
    }

    @Test
    void withSeveralEnginesThePropertyChoosesByClassName() {
        assertSame(beta, EngineBinding.choose(List.of(alpha, beta), List.of(), Beta.class.getName()).require());
        assertSame(alpha, EngineBinding.choose(List.of(alpha, beta), List.of(), " " + Alpha.class.getName() + " ").require());
    }

    @Test
    void withSeveralEnginesAndNoPropertyNoneIsChosenAndAllAreNamed() {
        String message = failure(EngineBinding.choose(List.of(alpha, beta), List.of(), null));

        assertTrue(message.startsWith("2 Runner engines found: " + Alpha.class.getName() + ", " + Beta.class.getName()),
                message);
        assertTrue(message.contains("dev.runner.engine=<class name>"), message);
    }

    @Test
    void aBlankPropertyCountsAsUnset() {
        assertSame(alpha, EngineBinding.choose(List.of(alpha), List.of(), "  ").require());
    }

    @Test
    void thePropertyIsObeyedEvenWithOneEngine() {
        String message = failure(EngineBinding.choose(List.of(alpha), List.of(), "com.example.Other"));

        assertEquals("the system property dev.runner.engine names the Runner engine \"com.example.Other\", "
                + "but the engines found are: " + Alpha.class.getName(), message);
    }

    @Test
    void withNoEngineTheMessageSaysWhichJarToAddAndWhatFailedToLoad() {
        assertEquals("no Runner engine found: add the runner-engine jar (dev.runner:runner-engine) to the class "
                + "path or module path", failure(EngineBinding.choose(List.of(), List.of(), null)));
        assertTrue(failure(EngineBinding.choose(List.of(), List.of("Provider x.Broken could not be instantiated"), null))
                .endsWith("(failed to load: Provider x.Broken could not be instantiated)"));
    }

    @Test
    void aBindingHasEitherAnEngineOrAFailure() {
        assertThrows(IllegalArgumentException.class, () -> new EngineBinding(null, null));
        assertThrows(IllegalArgumentException.class, () -> new EngineBinding(alpha, "and a failure"));
    }

    private static String failure(EngineBinding binding) {
        return assertThrows(IllegalStateException.class, binding::require).getMessage();
    }
}
