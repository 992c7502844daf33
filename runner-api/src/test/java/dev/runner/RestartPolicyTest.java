package dev.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How restart policies are written in configuration. */
class RestartPolicyTest {

    @Test
    void policiesPrintAsWrittenInConfiguration() {
        assertEquals("never", RestartPolicy.NEVER.toString());
        assertEquals("always", RestartPolicy.ALWAYS.toString());
        assertEquals("on-failure", RestartPolicy.ON_FAILURE.toString());
    }
}
