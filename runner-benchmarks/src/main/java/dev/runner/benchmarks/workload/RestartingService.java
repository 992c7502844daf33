package dev.runner.benchmarks.workload;

import dev.runner.Context;
import dev.runner.Health;
import dev.runner.Service;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A service made to fail on demand, for measuring how soon its runner restarts it: by reporting
 * {@code exited(cause)} through its start context, or by turning its health down. Each
 * {@code start} call releases whoever waits for the restart, at the moment it is entered.
 *
 * <p>One benchmark thread drives the failures; the runner's threads call {@code start} and
 * {@code health}. Fields shared between them are volatile or atomic; {@code nextStart} is replaced
 * before each failure is caused, so the {@code start} that follows releases that failure's waiter.
 */
public final class RestartingService implements Service {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    private final String name;
    private final int checksBeforeReady;
    private final AtomicInteger starts = new AtomicInteger();
    private final AtomicInteger checksSinceStart = new AtomicInteger();
    private volatile Context context;
    private volatile boolean failing;
    private volatile boolean startReturned;
    private volatile CountDownLatch nextStart = new CountDownLatch(1);
    private volatile CountDownLatch checksReached = new CountDownLatch(1);

    /**
     * Makes the service.
     *
     * @param name              its name
     * @param checksBeforeReady how many health checks after a start {@link #awaitChecks()} waits for
     */
    public RestartingService(String name, int checksBeforeReady) {
        this.name = name;
        this.checksBeforeReady = checksBeforeReady;
    }

    @Override
    public String name() {
        return name;
    }

    /** Becomes healthy, keeps the context for the next exit, and releases the restart's waiter. */
    @Override
    public void start(Context context) {
        startReturned = false;
        checksReached = new CountDownLatch(1);
        checksSinceStart.set(0);
        failing = false;
        this.context = context;
        starts.incrementAndGet();
        nextStart.countDown();
        startReturned = true;
    }

    @Override
    public void stop(Context context) {
        // Nothing to release: the old instance only has to be gone before the next start.
    }

    /** Down once {@link #failHealthAndAwaitRestart()} turned it down, up otherwise. */
    @Override
    public Health health() {
        if (failing) {
            return Health.down("failing on purpose");
        }
        if (checksSinceStart.incrementAndGet() == checksBeforeReady) {
            checksReached.countDown();
        }
        return Health.up();
    }

    /**
     * Returns how many times {@code start} was entered.
     *
     * @return the count
     */
    public int starts() {
        return starts.get();
    }

    /**
     * Tells whether the latest {@code start} call has returned.
     *
     * @return true once it returned
     */
    public boolean startReturned() {
        return startReturned;
    }

    /**
     * Reports a failed exit through the latest start context and waits until {@code start} is
     * called again.
     *
     * @throws InterruptedException  if interrupted while waiting
     * @throws IllegalStateException if no restart came within 10 s
     */
    public void exitAndAwaitRestart() throws InterruptedException {
        exitAndAwaitStart(this, "restart after exited(cause)");
    }

    /**
     * Reports a failed exit through the latest start context and waits until {@code start} of
     * {@code dependent}, a service bound to this one, is called again: its restart that follows
     * this one's.
     *
     * @param dependent the bound service whose next start ends the wait
     * @throws InterruptedException  if interrupted while waiting
     * @throws IllegalStateException if {@code dependent} did not start again within 10 s
     */
    public void exitAndAwaitRestartOf(RestartingService dependent) throws InterruptedException {
        exitAndAwaitStart(dependent, "restart of \"" + dependent.name + "\" after \"" + name + "\" exited");
    }

    private void exitAndAwaitStart(RestartingService starting, String what) throws InterruptedException {
        CountDownLatch restarted = new CountDownLatch(1);
        starting.nextStart = restarted;
        context.exited(new IllegalStateException("exited on purpose"));
        await(restarted, what);
    }

    /**
     * Turns the health down and waits until {@code start} is called again, which turns it up.
     *
     * @throws InterruptedException  if interrupted while waiting
     * @throws IllegalStateException if no restart came within 10 s
     */
    public void failHealthAndAwaitRestart() throws InterruptedException {
        CountDownLatch restarted = new CountDownLatch(1);
        nextStart = restarted;
        failing = true;
        await(restarted, "restart after a failed health check");
    }

    /**
     * Waits until the runner has checked the health of the latest instance as many times as asked
     * at construction; returns right after that check.
     *
     * @throws InterruptedException  if interrupted while waiting
     * @throws IllegalStateException if the checks did not come within 10 s
     */
    public void awaitChecks() throws InterruptedException {
        await(checksReached, checksBeforeReady + " health checks after start");
    }

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(AWAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("no " + what + " within " + AWAIT);
        }
    }
}
