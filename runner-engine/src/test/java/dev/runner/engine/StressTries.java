package dev.runner.engine;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * A jqwik hook that lets the stress profile set how many graphs a random-graph property tries:
 * when the system property {@value #PROPERTY} is set, it replaces the {@code tries} of the
 * property's annotation; when it is not (the normal build), the annotation's count stands.
 *
 * <p>jqwik's own {@code jqwik.tries.default} cannot do this: it applies only to properties whose
 * annotation sets no {@code tries}, and each of these properties sets its own count.
 *
 * <p>A value that is not a positive whole number fails the property with a message that names it.
 */
public final class StressTries implements AroundPropertyHook {

    /** The system property that holds the number of tries. */
    static final String PROPERTY = "stress.graphs";

    /** Creates the hook; jqwik calls this. */
    public StressTries() {
    }

    /** Applies to the properties of the class it is added to, not only to the class itself. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    /** Sets the tries from {@value #PROPERTY} when it is set, then runs the property. */
    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String value = System.getProperty(PROPERTY);
        if (value != null && !value.isBlank()) {
            context.attributes().setTries(parse(value.strip()));
        }
        return property.execute();
    }

    private static int parse(String value) {
        int tries;
        try {
            tries = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + " must be a positive whole number, not \"" + value + "\"", e);
        }
        if (tries < 1) {
            throw new IllegalArgumentException("-D" + PROPERTY + " must be a positive whole number, not " + tries);
        }
        return tries;
    }
}
