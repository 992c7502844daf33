package dev.runner;

/**
 * A runner did not start; by the time this is thrown, nothing it started is left running.
 */
public class StartException extends RunnerException {

    private static final long serialVersionUID = 1L;

    /** The service whose failure decided the outcome, or null when the runner itself could not start. */
    private final String service;

    /**
     * Creates an exception.
     *
     * @param message what went wrong
     * @param service the service that failed, or null when the runner itself could not start (an
     *                invalid dependency graph, no services, already running)
     * @param cause   why, or null
     */
    public StartException(String message, String service, Throwable cause) {
        super(message, cause);
        this.service = service;
    }

    /**
     * Returns the name of the service whose failure stopped the start.
     *
     * @return the name, or null when the runner itself could not start
     */
    public String service() {
        return service;
    }
}
