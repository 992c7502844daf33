package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Context;
import dev.runner.Option;
import dev.runner.RestartPolicy;
import dev.runner.Runner;
import dev.runner.Service;
import dev.runner.ServiceConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DESIGN.md, Add: bad input is refused with a message naming the problem, and adds nothing. */
class AddValidationTest {

    private final Runners runners = new Runners();
    private final EventLog log = new EventLog();

    @AfterEach
    void stopRunners() {
        runners.close();
    }

    private TestService service(String name) {
        return new TestService(name, log);
    }

    private static Service named(String name) {
        return new Service() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start(Context context) {
            }

            @Override
            public void stop(Context context) {
            }
        };
    }

    private static void assertMentions(Throwable e, String... words) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        for (String word : words) {
            assertTrue(message.contains(word.toLowerCase(Locale.ROOT)),
                    "message \"" + e.getMessage() + "\" should mention \"" + word + "\"");
        }
    }

    @Test
    void runnerIsAServiceNamedAsCreated() {
        assertEquals("app", runners.create("app").name());
    }

    @Test
    void nullServiceIsRefusedNamingTheService() {
        Runner runner = runners.create("app");

        NullPointerException e = assertThrows(NullPointerException.class, () -> runner.add(null));

        assertMentions(e, "service");
    }

    @Test
    void nullOptionIsRefusedNamingTheOptionAndAddsNothing() {
        Runner runner = runners.create("app");

        NullPointerException e = assertThrows(NullPointerException.class,
                () -> runner.add(service("db"), Option.maxRetries(1), null));

        assertMentions(e, "option");
        assertTrue(runner.config("db").isEmpty(), "a failed add must add nothing");
        assertFalse(runner.healthStatus().services().containsKey("db"));
    }

    @Test
    void nullOptionArrayIsRefusedAndAddsNothing() {
        Runner runner = runners.create("app");

        assertThrows(NullPointerException.class, () -> runner.add(service("db"), (Option[]) null));

        assertTrue(runner.config("db").isEmpty());
    }

    @Test
    void nullNameIsRefusedNamingTheName() {
        Runner runner = runners.create("app");

        NullPointerException e = assertThrows(NullPointerException.class, () -> runner.add(named(null)));

        assertMentions(e, "name");
        assertTrue(runner.healthStatus().services().isEmpty());
    }

    @Test
    void blankNameIsRefusedNamingTheName() {
        Runner runner = runners.create("app");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> runner.add(named("  ")));

        assertMentions(e, "name");
        assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains("blank")
                || e.getMessage().toLowerCase(Locale.ROOT).contains("empty"), e.getMessage());
        assertTrue(runner.healthStatus().services().isEmpty());
    }

    @Test
    void duplicateNameIsRefusedNamingTheServiceAndKeepsTheFirst() {
        Runner runner = runners.create("app");
        TestService first = service("db");
        TestService second = service("db");
        runner.add(first, Option.maxRetries(1));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> runner.add(second, Option.maxRetries(2)));

        assertMentions(e, "\"db\"");
        String message = e.getMessage().toLowerCase(Locale.ROOT);
        assertTrue(message.contains("already") || message.contains("duplicate"), e.getMessage());
        assertEquals(1, runner.config("db").orElseThrow().restart().maxRetries());
        runner.start();
        assertEquals(1, first.starts());
        assertEquals(0, second.starts());
    }

    @Test
    void addWhileRunningIsRefusedAndAddsNothing() {
        Runner runner = runners.create("app");
        runner.add(service("db"));
        runner.start();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> runner.add(service("late")));

        assertMentions(e, "running");
        assertTrue(runner.config("late").isEmpty());
        assertFalse(runner.healthStatus().services().containsKey("late"));
    }

    @Test
    void addWhileStartIsInProgressIsRefused() throws InterruptedException {
        Runner runner = runners.create("app");
        CountDownLatch inStart = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        runner.add(service("slow").onStart((context, instance) -> {
            inStart.countDown();
            release.await();
        }));
        BackgroundCall start = BackgroundCall.start("start", runner::start);
        assertTrue(inStart.await(30, TimeUnit.SECONDS));

        assertThrows(IllegalStateException.class, () -> runner.add(service("late")));

        release.countDown();
        start.awaitSuccess(Duration.ofSeconds(30));
        assertTrue(runner.config("late").isEmpty());
    }

    @Test
    void configShowsTheOptionsAppliedInOrder() {
        Runner runner = runners.create("app");
        Option[] options = {
                Option.dependsOn("cache"),
                Option.restartPolicy(RestartPolicy.ALWAYS),
                Option.startTimeout(Duration.ofSeconds(5)),
                Option.dependsOn("queue", "cache"),
                Option.startTimeout(Duration.ofSeconds(7)),
                Option.maxRetries(3),
        };
        runner.add(service("api"), options);

        ServiceConfig config = runner.config("api").orElseThrow();

        assertEquals(ServiceConfig.of(options), config);
        assertEquals(Duration.ofSeconds(7), config.startTimeout());
        assertEquals(java.util.List.of("cache", "queue"), config.dependsOn());
        assertEquals(RestartPolicy.ALWAYS, config.restart().policy());
        assertEquals(3, config.restart().maxRetries());
    }

    @Test
    void configWithoutOptionsIsTheDefaults() {
        Runner runner = runners.create("app");
        runner.add(service("db"));

        assertEquals(ServiceConfig.defaults(), runner.config("db").orElseThrow());
    }

    @Test
    void configOfAnUnknownServiceIsEmpty() {
        Runner runner = runners.create("app");
        runner.add(service("db"));

        assertTrue(runner.config("nope").isEmpty());
    }
}
