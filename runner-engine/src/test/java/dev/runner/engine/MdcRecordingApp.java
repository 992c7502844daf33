package dev.runner.engine;

/**
 * The sources of a small application, compiled and run in a JVM of its own by {@link ExitLoggingTest},
 * with an SLF4J provider of its own that prints each log line with the logging thread's MDC.
 *
 * <p>Why a JVM of its own: the tests log through slf4j-simple, whose MDC does nothing (its provider
 * hands out SLF4J's no-op MDC adapter), so in the test JVM the engine's MDC cannot be seen at all;
 * and a second provider beside slf4j-simple on the test class path would change every test's
 * logging. The child has the engine, slf4j-api and this provider, chosen with {@code -Dslf4j.provider}.
 *
 * <p>The application starts a runner with one service, {@value #SERVICE}, which reports a failed
 * exit from a thread of the application's own, named {@value #USER_THREAD}; it waits until the
 * service is {@code FAILED}, stops and prints {@code done}. Each log line at INFO or above is printed
 * as {@code log|<level>|<thread>|service=<MDC service>|<message>|<throwable or null>}.
 */
final class MdcRecordingApp {

    /** The name of the service that exits. */
    static final String SERVICE = "exit-logging-worker";
    /** The name of the application's thread that reports the exit. */
    static final String USER_THREAD = "user-thread";
    /** The message of the exit's cause. */
    static final String CRASH = "injected crash";

    private MdcRecordingApp() {
    }

    /** The provider, {@code app.RecordingProvider}. */
    static final String PROVIDER = """
            package app;

            import org.slf4j.ILoggerFactory;
            import org.slf4j.IMarkerFactory;
            import org.slf4j.MDC;
            import org.slf4j.Marker;
            import org.slf4j.event.Level;
            import org.slf4j.helpers.BasicMDCAdapter;
            import org.slf4j.helpers.BasicMarkerFactory;
            import org.slf4j.helpers.LegacyAbstractLogger;
            import org.slf4j.helpers.MessageFormatter;
            import org.slf4j.spi.MDCAdapter;
            import org.slf4j.spi.SLF4JServiceProvider;

            public final class RecordingProvider implements SLF4JServiceProvider {
                private final MDCAdapter mdc = new BasicMDCAdapter();
                private final IMarkerFactory markers = new BasicMarkerFactory();

                public ILoggerFactory getLoggerFactory() { return RecordingLogger::new; }
                public IMarkerFactory getMarkerFactory() { return markers; }
                public MDCAdapter getMDCAdapter() { return mdc; }
                public String getRequestedApiVersion() { return "2.0.99"; }
                public void initialize() { }

                static final class RecordingLogger extends LegacyAbstractLogger {
                    RecordingLogger(String name) { this.name = name; }
                    public boolean isTraceEnabled() { return false; }
                    public boolean isDebugEnabled() { return false; }
                    public boolean isInfoEnabled() { return true; }
                    public boolean isWarnEnabled() { return true; }
                    public boolean isErrorEnabled() { return true; }
                    protected String getFullyQualifiedCallerName() { return null; }
                    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                                               Throwable throwable) {
                        String message = MessageFormatter.basicArrayFormat(pattern, arguments);
                        synchronized (System.out) {
                            System.out.println("log|" + level + "|" + Thread.currentThread().getName() + "|service="
                                    + MDC.get("service") + "|" + message + "|" + throwable);
                        }
                    }
                }
            }
            """;

    /** The application, {@code app.Main}. */
    static final String MAIN = """
            package app;

            import dev.runner.Context;
            import dev.runner.Option;
            import dev.runner.RestartPolicy;
            import dev.runner.Runner;
            import dev.runner.Service;
            import dev.runner.ServiceState;
            import java.io.IOException;
            import java.time.Duration;
            import java.util.concurrent.atomic.AtomicReference;
            import org.slf4j.LoggerFactory;
            import org.slf4j.MDC;

            public final class Main {
                public static void main(String[] args) throws Exception {
                    MDC.put("service", "self-check");
                    LoggerFactory.getLogger(Main.class).info("self check");
                    MDC.remove("service");

                    AtomicReference<Context> started = new AtomicReference<>();
                    Service worker = new Service() {
                        public String name() { return "%s"; }
                        public void start(Context context) { started.set(context); }
                        public void stop(Context context) { }
                    };
                    Runner runner = Runner.create("exit-logging");
                    runner.add(worker, Option.restartPolicy(RestartPolicy.NEVER),
                            Option.healthCheck(Duration.ofHours(1), Duration.ofSeconds(1)));
                    runner.start();
                    Thread user = Thread.ofPlatform().name("%s").start(() -> {
                        started.get().exited(new IOException("%s"));
                        System.out.println("user thread MDC after exited: " + MDC.get("service"));
                    });
                    user.join();
                    long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (runner.healthStatus().services().get(worker.name()).state() != ServiceState.FAILED) {
                        if (System.nanoTime() - giveUp > 0) {
                            System.out.println("not FAILED: " + runner.healthStatus());
                            System.exit(2);
                        }
                        Thread.sleep(10);
                    }
                    runner.stop();
                    System.out.println("done");
                }
            }
            """.formatted(SERVICE, USER_THREAD, CRASH);
}
