package dev.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/** Creating a runner: name checks, and a clear error when no engine is installed. */
class RunnerCreateTest {

    @Test
    void nullNameIsRefused() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Runner.create(null));

        assertTrue(e.getMessage().contains("name"), e.getMessage());
    }

    @Test
    void blankNameIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Runner.create(" \t"));

        assertTrue(e.getMessage().contains("blank"), e.getMessage());
    }

    /**
     * Loads the API alone, from its own classes and nothing else (not even the test classes), so
     * no engine can be found whatever the test class path holds.
     */
    @Test
    void withoutAnEngineCreateSaysWhichJarToAdd() throws Exception {
        URL apiClasses = Runner.class.getProtectionDomain().getCodeSource().getLocation();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader apiOnly = new URLClassLoader(new URL[] {apiClasses}, ClassLoader.getPlatformClassLoader())) {
            thread.setContextClassLoader(apiOnly);
            Method create = apiOnly.loadClass(Runner.class.getName()).getMethod("create", String.class);

            InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> create.invoke(null, "app"));

            IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause());
            assertTrue(cause.getMessage().contains("no Runner engine found"), cause.getMessage());
            assertTrue(cause.getMessage().contains("runner-engine"), cause.getMessage());
            assertEquals(apiOnly, create.getDeclaringClass().getClassLoader());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
