package dev.runner.spi;

/**
 * A copy of an exception with its secrets masked, made by {@link Secrets#redact(Throwable,
 * java.util.Collection)} so that a plugin can hand on what went wrong, stack trace and all,
 * without the passwords and tokens a driver or client echoed in its messages.
 *
 * <p>Invariants: the message is the original's message masked (null when the original had none);
 * the stack trace is the original's; the cause and every suppressed exception are redacted copies
 * too, so the whole chain holds no secret the redaction knew; {@link #originalClassName()} and
 * {@link #toString()} name the original's class, so a printed stack trace still reads
 * {@code Caused by: java.net.UnknownHostException: app:***@127.0.0.1}.
 */
public final class RedactedException extends RuntimeException {

    /** The version of the serialized form. */
    private static final long serialVersionUID = 1L;

    /** The class name of the exception this is a redacted copy of. */
    private final String originalClassName;

    /**
     * Creates a copy with no cause yet; {@link Secrets} sets the cause, the suppressed exceptions
     * and the stack trace.
     *
     * @param originalClassName the class of the original exception
     * @param maskedMessage     the original's message with its secrets masked, or null
     */
    RedactedException(String originalClassName, String maskedMessage) {
        super(maskedMessage);
        this.originalClassName = originalClassName;
    }

    /**
     * Returns the name of the original exception's class, such as
     * {@code java.net.UnknownHostException}.
     *
     * @return the binary class name; never null
     */
    public String originalClassName() {
        return originalClassName;
    }

    /**
     * Reads as the original's {@code toString} would, with the message masked: the original
     * class name, then {@code ": "} and the message when there is one.
     *
     * @return the description
     */
    @Override
    public String toString() {
        String message = getMessage();
        return message == null ? originalClassName : originalClassName + ": " + message;
    }
}
