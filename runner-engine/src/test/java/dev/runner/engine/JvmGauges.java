package dev.runner.engine;

import java.lang.reflect.Method;

/**
 * This JVM's heap in use and its live platform threads, read from {@code java.lang.management}'s
 * {@code MemoryMXBean} and {@code ThreadMXBean}.
 *
 * <p>The tests are compiled into the engine's module, which does not read
 * {@code java.management}; they run on the class path, where it is there. So, as
 * {@link LiveThreads} does, the beans are reached by reflection.
 */
final class JvmGauges {

    private static final Object MEMORY;
    private static final Method HEAP_USAGE;
    private static final Method USED;
    private static final Object THREADS;
    private static final Method THREAD_COUNT;

    static {
        try {
            Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
            MEMORY = factory.getMethod("getMemoryMXBean").invoke(null);
            HEAP_USAGE = Class.forName("java.lang.management.MemoryMXBean").getMethod("getHeapMemoryUsage");
            USED = Class.forName("java.lang.management.MemoryUsage").getMethod("getUsed");
            THREADS = factory.getMethod("getThreadMXBean").invoke(null);
            THREAD_COUNT = Class.forName("java.lang.management.ThreadMXBean").getMethod("getThreadCount");
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private JvmGauges() {
    }

    /** Runs a full collection ({@link System#gc()}) and returns the bytes of heap in use after it. */
    static long heapUsedAfterGc() {
        System.gc();
        return (long) read(USED, read(HEAP_USAGE, MEMORY));
    }

    /** Returns how many platform threads are alive; virtual threads are not counted. */
    static int platformThreads() {
        return (int) read(THREAD_COUNT, THREADS);
    }

    private static Object read(Method method, Object target) {
        try {
            return method.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not read " + method.getName(), e);
        }
    }
}
