package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The run's clock on its own: whatever the mix of lanes, heap and cancels, a task never fires
 * before its due time and fires exactly once unless cancelled first; the slack rule is 1/100 of
 * the delay, capped. Never a bound on lateness: this machine is noisy, and lateness is what the
 * slack allows anyway.
 */
class TimerTest {

    /** Delays with lanes: the timer is made with them, as a run makes its own. */
    private static final List<Duration> LANES = List.of(Duration.ofMillis(3), Duration.ofMillis(20));

    @Property(tries = 30)
    void noTaskFiresBeforeItsDueTimeAndEachFiresOnceUnlessCancelled(
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 40) Integer> delaysMillis,
            @ForAll @Size(min = 60, max = 60) List<Boolean> cancels) throws InterruptedException {
        Timer timer = new Timer("timer-test", LANES);
        try {
            int n = delaysMillis.size();
            long[] dueAt = new long[n];
            long[] firedAt = new long[n];
            AtomicInteger[] fired = new AtomicInteger[n];
            int expectedToFire = 0;
            for (int i = 0; i < n; i++) {
                expectedToFire += cancels.get(i) ? 0 : 1;
            }
            CountDownLatch allFired = new CountDownLatch(expectedToFire);
            for (int i = 0; i < n; i++) {
                int task = i;
                fired[i] = new AtomicInteger();
                // A delay of a lane (3 or 20 ms) or of none, which goes to the heap.
                Duration delay = Duration.ofMillis(delaysMillis.get(i));
                dueAt[i] = System.nanoTime() + delay.toNanos(); // no later than the timer's own due time
                Timer.Handle handle = timer.schedule(delay, () -> {
                    firedAt[task] = System.nanoTime();
                    fired[task].incrementAndGet();
                    allFired.countDown();
                });
                if (cancels.get(i)) {
                    handle.cancel(); // at once: a task of 20 ms or more cannot be due yet
                }
            }
            assertTrue(allFired.await(30, TimeUnit.SECONDS), "every task that was not cancelled fires");
            Thread.sleep(60); // past every due time plus slack: a cancelled or repeated task would show by now
            for (int i = 0; i < n; i++) {
                if (!cancels.get(i)) {
                    assertEquals(1, fired[i].get(), "task " + i + " fired once");
                    assertTrue(firedAt[i] - dueAt[i] >= 0,
                            "task " + i + " of " + delaysMillis.get(i) + " ms fired "
                                    + (dueAt[i] - firedAt[i]) + " ns before its due time");
                }
            }
            for (int i = 0; i < n; i++) {
                // A cancel can lose against a task already due, as with Future.cancel.
                if (cancels.get(i) && delaysMillis.get(i) >= 20) {
                    assertEquals(0, fired[i].get(), "task " + i + " was cancelled long before its due time");
                }
            }
        } finally {
            timer.shutdown();
            timer.awaitTermination();
        }
    }

    @Test
    void tasksOfOneLaneDueCloseTogetherAllFireAndNoneEarly() throws InterruptedException {
        Timer timer = new Timer("timer-test", List.of(Duration.ofSeconds(1)));
        try {
            int n = 200;
            CountDownLatch allFired = new CountDownLatch(n);
            ConcurrentHashMap<Integer, Long> early = new ConcurrentHashMap<>();
            for (int i = 0; i < n; i++) {
                int task = i;
                long due = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                timer.schedule(Duration.ofSeconds(1), () -> {
                    long now = System.nanoTime();
                    if (now - due < 0) {
                        early.put(task, due - now);
                    }
                    allFired.countDown();
                });
            }
            assertTrue(allFired.await(30, TimeUnit.SECONDS), "every task fires");
            assertTrue(early.isEmpty(), "tasks fired before their due time: " + early);
        } finally {
            timer.shutdown();
            timer.awaitTermination();
        }
    }

    @Test
    void slackIsAHundredthOfTheDelayAtMostTenMillisecondsAndNeverForAZeroDelay() {
        assertEquals(0, Timer.slack(0));
        assertEquals(0, Timer.slack(-5));
        assertEquals(1_000_000, Timer.slack(TimeUnit.MILLISECONDS.toNanos(100)));
        assertEquals(10_000_000, Timer.slack(TimeUnit.SECONDS.toNanos(1)));
        assertEquals(10_000_000, Timer.slack(TimeUnit.MINUTES.toNanos(5)));
        assertEquals(10_000_000, Timer.slack(Long.MAX_VALUE / 4));
    }

    @Test
    void afterShutdownNothingFiresAndTheThreadEnds() throws InterruptedException {
        Timer timer = new Timer("timer-test", LANES);
        AtomicInteger fired = new AtomicInteger();
        timer.schedule(Duration.ofMillis(20), fired::incrementAndGet);
        timer.shutdown();
        timer.awaitTermination();
        timer.schedule(Duration.ZERO, fired::incrementAndGet).cancel(); // a handle that never fires
        Thread.sleep(60);
        assertEquals(0, fired.get());
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("timer-test/timer")),
                "the timer's thread has ended");
    }

    @Test
    void aNearTaskAddedWhileTheWorkerSleepsForAFarOneFires() throws InterruptedException {
        Timer timer = new Timer("timer-near-after-far", LANES);
        try {
            Thread worker = workerOf(timer);
            timer.schedule(Duration.ofHours(1), () -> { });
            // The worker has seen the far task and sleeps until it is due: only an unpark by
            // schedule can make it fire the near one in time.
            awaitState(worker, Thread.State.TIMED_WAITING);
            CountDownLatch fired = new CountDownLatch(1);
            timer.schedule(Duration.ofMillis(20), fired::countDown);
            assertTrue(fired.await(30, TimeUnit.SECONDS), "the 20 ms task fires long before the 1 h one");
        } finally {
            timer.shutdown();
            timer.awaitTermination();
        }
    }

    @Test
    void eachDelayGoesToItsOwnLaneSoAShortTaskDoesNotWaitBehindALongOne() throws InterruptedException {
        Timer timer = new Timer("timer-own-lane",
                List.of(Duration.ofHours(1), Duration.ofMillis(10), Duration.ofHours(2)));
        try {
            timer.schedule(Duration.ofHours(2), () -> { });
            CountDownLatch fired = new CountDownLatch(1);
            timer.schedule(Duration.ofMillis(10), fired::countDown);
            assertTrue(fired.await(30, TimeUnit.SECONDS), "the 10 ms task fires long before the 2 h one");
        } finally {
            timer.shutdown();
            timer.awaitTermination();
        }
    }

    @Test
    void awaitTerminationReturnsOnlyOnceTheThreadHasEnded() throws InterruptedException {
        Timer timer = new Timer("timer-await", LANES);
        Thread caller = Thread.currentThread();
        AtomicReference<Thread> worker = new AtomicReference<>();
        CountDownLatch running = new CountDownLatch(1);
        try {
            timer.schedule(Duration.ZERO, () -> {
                worker.set(Thread.currentThread());
                running.countDown();
                // Still running when the caller starts to wait: it must wait for this task to end.
                awaitState(caller, Thread.State.WAITING);
            });
            assertTrue(running.await(30, TimeUnit.SECONDS), "the task starts");
            timer.shutdown();
            timer.awaitTermination();
            assertFalse(worker.get().isAlive(), "the timer's thread has ended when awaitTermination returns");
        } finally {
            timer.shutdown();
            timer.awaitTermination();
        }
    }

    @Test
    void awaitTerminationOnTheTimersOwnThreadReturnsAtOnce() throws InterruptedException {
        Timer timer = new Timer("timer-await-self", LANES);
        CountDownLatch returned = new CountDownLatch(1);
        try {
            timer.schedule(Duration.ZERO, () -> {
                timer.shutdown();
                timer.awaitTermination(); // would wait for itself forever
                returned.countDown();
            });
            assertTrue(returned.await(30, TimeUnit.SECONDS), "awaitTermination returned on the timer's own thread");
        } finally {
            timer.shutdown();
            timer.awaitTermination();
        }
    }

    @Test
    void aTimerThatNeverHadATaskSleeps() throws InterruptedException {
        Timer timer = new Timer("timer-idle-new", LANES);
        try {
            Thread worker = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("timer-idle-new/timer"))
                    .findFirst().orElseThrow();
            assertSleeps(worker);
        } finally {
            timer.shutdown();
            timer.awaitTermination();
        }
    }

    @Test
    void aTimerWhoseTasksHaveAllFiredSleeps() throws InterruptedException {
        Timer timer = new Timer("timer-idle-done", LANES);
        try {
            assertSleeps(workerOf(timer));
        } finally {
            timer.shutdown();
            timer.awaitTermination();
        }
    }

    @Test
    void aTimerWithOnlyAFarTaskInALaneSleeps() throws InterruptedException {
        Timer timer = new Timer("timer-idle-lane", List.of(Duration.ofMillis(3), Duration.ofHours(1)));
        try {
            Thread worker = workerOf(timer);
            timer.schedule(Duration.ofHours(1), () -> { });
            assertSleeps(worker);
        } finally {
            timer.shutdown();
            timer.awaitTermination();
        }
    }

    @Test
    void aTimerWithOnlyAFarTaskInTheHeapSleeps() throws InterruptedException {
        Timer timer = new Timer("timer-idle-heap", LANES);
        try {
            Thread worker = workerOf(timer);
            timer.schedule(Duration.ofHours(3), () -> { }); // no lane of 3 h: the heap
            assertSleeps(worker);
        } finally {
            timer.shutdown();
            timer.awaitTermination();
        }
    }

    /** Returns the timer's thread, as a zero-delay task sees it; that task has fired on return. */
    private static Thread workerOf(Timer timer) throws InterruptedException {
        AtomicReference<Thread> worker = new AtomicReference<>();
        CountDownLatch fired = new CountDownLatch(1);
        timer.schedule(Duration.ZERO, () -> {
            worker.set(Thread.currentThread());
            fired.countDown();
        });
        assertTrue(fired.await(30, TimeUnit.SECONDS), "a zero-delay task fires");
        return worker.get();
    }

    /** Waits, up to 30 s, until the thread is in the given state. */
    private static void awaitState(Thread thread, Thread.State state) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (thread.getState() != state && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
    }

    /**
     * Asserts that the thread uses less than a tenth of a CPU over about a second. Not a timing
     * assert: a thread that sleeps uses well under a millisecond of CPU, a hundred times less than
     * the bound, and load on the machine only lengthens the window (which is measured), never the
     * CPU time a sleeping thread uses. A busy loop uses most of the window when it has a core to
     * itself, and still over a quarter of it with two mutation runs sharing two cores.
     */
    private static void assertSleeps(Thread worker) throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuBefore = threads.getThreadCpuTime(worker.threadId());
        long wallBefore = System.nanoTime();
        Thread.sleep(1000); // the window measured
        long cpu = threads.getThreadCpuTime(worker.threadId()) - cpuBefore;
        long wall = System.nanoTime() - wallBefore;
        assertTrue(cpuBefore >= 0 && cpu >= 0, "thread CPU time is measured");
        assertTrue(cpu < wall / 10, "the idle timer's thread used " + cpu / 1_000_000 + " ms of CPU in "
                + wall / 1_000_000 + " ms: it spins instead of sleeping");
    }
}
