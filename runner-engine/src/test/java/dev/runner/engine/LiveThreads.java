package dev.runner.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of this JVM's live threads, virtual threads included. {@code Thread.getAllStackTraces()}
 * sees platform threads only, and the engine runs its calls and its timer on virtual threads, so
 * this reads the JDK's JSON thread dump, which lists every thread the JDK tracks (all of them, by
 * default, since JDK 21). A dump costs tens of milliseconds: sample, do not spin on it.
 *
 * <p>The tests are compiled into the engine's module, which reads neither {@code java.management}
 * nor {@code jdk.management}; they run on the class path, where both are there. So the dump is
 * asked for by reflection.
 */
final class LiveThreads {

    private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private static final Object DIAGNOSTICS;
    private static final Method DUMP_THREADS;
    private static final Object JSON;

    static {
        try {
            Class<?> bean = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
            Class<?> format = Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
            DIAGNOSTICS = Class.forName("java.lang.management.ManagementFactory")
                    .getMethod("getPlatformMXBean", Class.class).invoke(null, bean);
            DUMP_THREADS = bean.getMethod("dumpThreads", String.class, format);
            JSON = format.getField("JSON").get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        selfCheck();
    }

    private LiveThreads() {
    }

    /** Returns the names of the live threads, one entry per thread. */
    static List<String> names() {
        try {
            Path dir = Files.createTempDirectory("threads");
            Path dump = dir.resolve("dump.json");
            try {
                DUMP_THREADS.invoke(DIAGNOSTICS, dump.toString(), JSON);
                List<String> names = new ArrayList<>();
                Matcher matcher = NAME.matcher(Files.readString(dump));
                while (matcher.find()) {
                    names.add(unescape(matcher.group(1)));
                }
                return names;
            } finally {
                Files.deleteIfExists(dump);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("could not dump the threads", e);
        }
    }

    /** Fails if a dump does not show a parked virtual thread: then no test could see the engine's. */
    private static void selfCheck() {
        CountDownLatch done = new CountDownLatch(1);
        Thread parked = Thread.ofVirtual().name("live-threads/self-check").start(() -> {
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            if (!names().contains(parked.getName())) {
                throw new ExceptionInInitializerError("the thread dump does not list virtual threads");
            }
        } finally {
            done.countDown();
        }
    }

    /** Returns the names of the live threads that contain {@code part}. */
    static List<String> containing(String part) {
        return names().stream().filter(name -> name.contains(part)).toList();
    }

    /** Undoes JSON string escapes: {@code \/}, {@code \"}, {@code \\}, {@code \}{@code uXXXX} and the control ones. */
    private static String unescape(String json) {
        StringBuilder text = new StringBuilder(json.length());
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c != '\\' || i + 1 == json.length()) {
                text.append(c);
                continue;
            }
            char escaped = json.charAt(++i);
            switch (escaped) {
                case 'u' -> {
                    text.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                case 'n' -> text.append('\n');
                case 't' -> text.append('\t');
                case 'r' -> text.append('\r');
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                default -> text.append(escaped);
            }
        }
        return text.toString();
    }
}
