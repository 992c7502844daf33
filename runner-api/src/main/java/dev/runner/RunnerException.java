package dev.runner;

/** A runner could not do what it was asked. */
public class RunnerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what went wrong
     * @param cause   why, or null
     */
    public RunnerException(String message, Throwable cause) {
        super(message, cause);
    }
}
