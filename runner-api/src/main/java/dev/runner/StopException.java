package dev.runner;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Some services did not stop cleanly; the runner still tried every one of them. Each failure is
 * also attached as a suppressed exception.
 */
public class StopException extends RunnerException {

    private static final long serialVersionUID = 1L;

    private final transient Map<String, Throwable> failures;

    /**
     * Creates an exception.
     *
     * @param message  what went wrong
     * @param failures each failed service's error by name
     */
    public StopException(String message, Map<String, Throwable> failures) {
        super(message, null);
        this.failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
        this.failures.values().forEach(this::addSuppressed);
    }

    /**
     * Returns what went wrong, by service name.
     *
     * @return the failures, in the order they were found
     */
    public Map<String, Throwable> failures() {
        return failures;
    }
}
