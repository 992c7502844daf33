package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Option;
import dev.runner.RestartPolicy;
import dev.runner.Runner;
import dev.runner.ServiceHealth;
import dev.runner.ServiceState;
import dev.runner.StartException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DESIGN.md, Supervision: a runner is a service, so runners nest and a parent supervises its children. */
class NestedRunnerTest extends RunnerFixture {

    private static final Option TINY_BACKOFF = Option.backoff(Duration.ofMillis(1), Duration.ofMillis(1), 1.0);
    private static final Option NO_POLLING = Option.healthCheck(Duration.ofHours(1), Duration.ofSeconds(5));

    /**
     * Waits until both the child's check of the worker and the parent's check of the child (which
     * asks the worker too) have run right after their starts: a check that lands while the child
     * is restarting the worker would see the child unhealthy, and with no startup grace that is a
     * failure the parent acts on. (The parent's check may join the child's check of the worker in
     * flight, one check of a service at a time, so the worker's calls are not counted.)
     */
    private void awaitFirstChecksDone(Runner parent, Runner child) {
        eventually(() -> parent.status().services().get("child").lastCheck() != null
                && child.status().services().get("worker").lastCheck() != null);
    }

    private static ServiceHealth healthOf(Runner runner, String name) {
        return runner.healthStatus().services().get(name);
    }

    @Test
    void childWithAFailedServiceIsRestartedByItsParent() {
        Runner parent = runners.create("parent");
        Runner child = runners.create("child");
        TestService db = service("db");
        TestService worker = service("worker");
        child.add(db);
        child.add(worker, Option.dependsOn("db"), Option.restartPolicy(RestartPolicy.NEVER), NO_POLLING);
        parent.add(child, Option.restartPolicy(RestartPolicy.ON_FAILURE), TINY_BACKOFF, NO_POLLING);
        parent.start();
        assertTrue(child.isRunning());
        awaitFirstChecksDone(parent, child);

        worker.startContext(1).exited(new IOException("worker crashed"));

        eventually(() -> worker.startsReturned() == 2 && db.startsReturned() == 2
                && healthOf(parent, "child").state() == ServiceState.RUNNING);
        ServiceHealth childHealth = healthOf(parent, "child");
        assertEquals(1, childHealth.restarts());
        assertTrue(childHealth.healthy(), childHealth.error());
        assertEquals(1, worker.stops(), "the failed worker is stopped once, not again by the child's stop");
        assertEquals(1, db.stops());
        log.assertBefore(log.get("worker", 1, Event.Kind.STOPPED), log.get("worker", 2, Event.Kind.START_BEGIN));
        log.assertBefore(log.get("db", 1, Event.Kind.STOPPED), log.get("db", 2, Event.Kind.START_BEGIN));
        assertTrue(child.isRunning());

        parent.stop();

        assertFalse(child.isRunning());
        assertEquals(2, worker.stops());
        assertEquals(2, db.stops());
        assertEquals(List.of(), worker.violations());
        assertEquals(List.of(), db.violations());
    }

    @Test
    void childThatRecoversItselfDoesNotBotherItsParent() {
        Runner parent = runners.create("parent");
        Runner child = runners.create("child");
        TestService worker = service("worker");
        child.add(worker, Option.restartPolicy(RestartPolicy.ON_FAILURE), TINY_BACKOFF, NO_POLLING);
        parent.add(child, Option.restartPolicy(RestartPolicy.ON_FAILURE), TINY_BACKOFF, NO_POLLING);
        parent.start();
        awaitFirstChecksDone(parent, child);

        worker.startContext(1).exited(new IOException("hiccup"));

        eventually(() -> worker.startsReturned() == 2
                && healthOf(child, "worker").state() == ServiceState.RUNNING);
        assertEquals(0, healthOf(parent, "child").restarts());
        assertEquals(1, healthOf(child, "worker").restarts());
    }

    @Test
    void stoppingTheParentStopsTheChildsServicesInOrder() {
        Runner parent = runners.create("parent");
        Runner child = runners.create("child");
        TestService db = service("db");
        TestService api = service("api");
        TestService web = service("web");
        child.add(db);
        child.add(api, Option.dependsOn("db"));
        parent.add(child);
        parent.add(web, Option.dependsOn("child"));
        parent.start();
        log.assertBefore(log.get("api", 1, Event.Kind.STARTED), log.get("web", 1, Event.Kind.START_BEGIN));

        parent.stop();

        log.assertBefore(log.get("web", 1, Event.Kind.STOPPED), log.get("api", 1, Event.Kind.STOP_BEGIN));
        log.assertBefore(log.get("api", 1, Event.Kind.STOPPED), log.get("db", 1, Event.Kind.STOP_BEGIN));
        assertFalse(child.isRunning());
        assertFalse(parent.isRunning());
        for (TestService s : List.of(db, api, web)) {
            assertEquals(1, s.stops(), s.name());
        }
    }

    @Test
    void childThatFailsToStartFailsItsParentsStartNamingIt() {
        Runner parent = runners.create("parent");
        Runner child = runners.create("child");
        IOException boom = new IOException("no config");
        TestService db = service("db");
        child.add(db);
        child.add(service("broken").failStart(boom), Option.dependsOn("db"));
        TestService sibling = service("sibling");
        parent.add(sibling);
        parent.add(child, Option.dependsOn("sibling"));

        StartException e = assertThrows(StartException.class, parent::start);

        assertEquals("child", e.service());
        assertTrue(Causes.contains(e, boom), Causes.describe(e));
        assertEquals(1, db.stops());
        assertEquals(1, sibling.stops());
        assertFalse(child.isRunning());
        assertFalse(parent.isRunning());
    }
}
