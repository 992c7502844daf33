package dev.runner;

/** When a service that ended is started again. */
public enum RestartPolicy {
    /** Never restart. */
    NEVER("never"),
    /** Restart after a failure or a clean exit. */
    ALWAYS("always"),
    /** Restart after a failure only: a throw, a failed health check, or an exit with a cause. */
    ON_FAILURE("on-failure");

    private final String text;

    RestartPolicy(String text) {
        this.text = text;
    }

    /** Returns the policy as written in configuration: "never", "always" or "on-failure". */
    @Override
    public String toString() {
        return text;
    }
}
