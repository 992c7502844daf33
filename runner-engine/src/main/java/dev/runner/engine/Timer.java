package dev.runner.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's clock: timeouts, health-check intervals, backoffs and deadlines, fired by a single
 * platform thread.
 *
 * <p>The thread is a platform thread, not a virtual one, so that timeouts fire on time even while
 * service code keeps every carrier thread busy: a CPU-bound {@code start} that honours
 * interruption must be interrupted at its timeout, and a virtual timer would wait for a free
 * carrier first. It is one daemon thread per running runner, never one per service.
 *
 * <p>Most tasks have one of a few delays that the run knows in advance (start, stop and health
 * timeouts, health intervals), and almost every timeout is cancelled because its call ended in
 * time. So each such delay has a <em>lane</em>: a lock-free FIFO queue in which tasks fall due in
 * the order they were added, making schedule and cancel O(1) and free of contention. Other delays
 * (backoffs, deadlines) go to a heap under a lock.
 *
 * <p>A task may fire a little after its due time: up to its <em>slack</em>, 1/100 of its delay
 * and never more than {@value #MAX_SLACK_MILLIS} ms. The worker sleeps until the earliest
 * due time plus slack, then fires every task already due, so the checks of ten thousand services
 * spread over a second cost about a hundred wake-ups of the timer (and of the carrier threads the
 * checks run on) instead of ten thousand. A one-second health interval ends up to 10 ms late; a
 * zero delay is never late.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Tasks never block: they interrupt threads, complete futures or start threads.</li>
 *   <li>A task fires at or after its due time and by its latest time (due time plus slack), once,
 *       unless cancelled first; a cancel that races with firing may lose, as with
 *       {@code Future.cancel}, so tasks check their own state. (By its latest time as the
 *       worker's clock goes: a worker kept from running by the machine is later still.)</li>
 *   <li>In a lane, tasks are in order of due time and of latest time alike: they share a delay,
 *       hence a slack. The heap is in order of latest time.</li>
 *   <li>Cancelled tasks stay queued until they reach the head, holding no reference to their action.</li>
 *   <li>No wake-up is lost: the worker sets {@link #wakeAt} to "scanning" ({@code Long.MAX_VALUE})
 *       before it scans and to the earliest latest time after; whoever adds a task unparks the
 *       worker when {@code wakeAt} is "scanning" or later than the task's latest time. A task the
 *       scan missed was added after the scan began, so its adder saw either "scanning" (and
 *       unparked) or the scan's wake-up time (and unparked if its task must fire earlier, else the
 *       worker wakes in time anyway).</li>
 *   <li>After {@link #shutdown()} nothing fires, the worker ends, and {@link #schedule} returns a
 *       handle that never fires: calls made after a run ended are not bounded.</li>
 * </ul>
 */
final class Timer {

    private static final Logger LOG = LoggerFactory.getLogger(Timer.class);

    /** Enough lanes for every configured delay of ordinary runs; rarer delays use the heap. */
    private static final int MAX_LANES = 16;

    /** The most a task may fire after its due time, in milliseconds. */
    static final long MAX_SLACK_MILLIS = 10;

    /** A scheduled task that can be cancelled; cancelling twice or after it fired does nothing. */
    interface Handle {
        /** Cancels the task if it has not fired yet. */
        void cancel();
    }

    private static final Handle NEVER = () -> { };

    /** A task, its due time and its latest time by {@link System#nanoTime()}. */
    private static final class Task implements Handle, Comparable<Task> {
        final long due;
        final long latest;
        private volatile Runnable action;   // null once cancelled or fired

        Task(long due, long latest, Runnable action) {
            this.due = due;
            this.latest = latest;
            this.action = action;
        }

        @Override
        public void cancel() {
            action = null;
        }

        boolean cancelled() {
            return action == null;
        }

        void fire() {
            Runnable task = action;
            action = null;
            if (task != null) {
                try {
                    task.run();
                } catch (Throwable e) {
                    LOG.error("a timer task failed", e);
                }
            }
        }

        @Override
        public int compareTo(Task other) {
            return Long.compare(latest - other.latest, 0);
        }
    }

    // Lane i holds the tasks of delay laneDelays[i] nanoseconds; both fixed at construction. A scan
    // of at most 16 longs finds a lane faster than a map, which would box the delay on every call.
    private final long[] laneDelays;
    private final List<Queue<Task>> lanes;
    private final ReentrantLock heapLock = new ReentrantLock();
    private final PriorityQueue<Task> heap = new PriorityQueue<>(); // guarded by heapLock
    private final Thread worker;
    private volatile long wakeAt = Long.MAX_VALUE;
    private volatile boolean shutdown;

    /**
     * Creates a timer whose thread is named {@code <owner>/timer}.
     *
     * @param usualDelays the delays to give lanes, most common first; at most 16 get one
     */
    Timer(String owner, Collection<Duration> usualDelays) {
        List<Long> delays = new ArrayList<>();
        for (Duration delay : usualDelays) {
            long nanos = delayNanos(delay);
            if (delays.size() < MAX_LANES && !delays.contains(nanos)) {
                delays.add(nanos);
            }
        }
        laneDelays = new long[delays.size()];
        List<Queue<Task>> list = new ArrayList<>(delays.size());
        for (int k = 0; k < laneDelays.length; k++) {
            laneDelays[k] = delays.get(k);
            list.add(new ConcurrentLinkedQueue<>());
        }
        lanes = List.copyOf(list);
        worker = Thread.ofPlatform().daemon().name(owner + "/timer").start(this::work);
    }

    /** Runs {@code task} after {@code delay}; returns a handle that cancels it. */
    Handle schedule(Duration delay, Runnable task) {
        if (shutdown) {
            return NEVER;
        }
        long nanos = delayNanos(delay);
        long due = System.nanoTime() + nanos;
        Task scheduled = new Task(due, due + slack(nanos), task);
        Queue<Task> lane = lane(nanos);
        if (lane != null) {
            lane.offer(scheduled);
        } else {
            heapLock.lock();
            try {
                heap.offer(scheduled);
            } finally {
                heapLock.unlock();
            }
        }
        long wake = wakeAt;
        if (wake == Long.MAX_VALUE || scheduled.latest - wake < 0) {
            LockSupport.unpark(worker);
        }
        return scheduled;
    }

    /**
     * Returns a future that completes when {@code future} does or when {@code bound} has passed,
     * whichever is first; it never completes exceptionally.
     */
    CompletableFuture<Void> within(CompletableFuture<?> future, Duration bound) {
        CompletableFuture<Void> either = new CompletableFuture<>();
        Handle handle = schedule(bound, () -> either.complete(null));
        future.whenComplete((value, error) -> {
            handle.cancel();
            either.complete(null);
        });
        return either;
    }

    /** Stops the timer: pending tasks never fire and its thread ends. */
    void shutdown() {
        shutdown = true;
        LockSupport.unpark(worker);
    }

    /**
     * Waits for the timer's thread to end after {@link #shutdown()}; returns at once on that
     * thread itself. Never blocks for long: the thread ends as soon as its current task does.
     */
    void awaitTermination() {
        if (Thread.currentThread() == worker) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                worker.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void work() {
        while (!shutdown) {
            wakeAt = Long.MAX_VALUE;
            long now = System.nanoTime();
            long next = Long.MAX_VALUE;
            for (Queue<Task> lane : lanes) {
                next = earlier(next, fireDue(lane, now));
            }
            next = earlier(next, fireDueInHeap(now));
            wakeAt = next;
            if (shutdown) {
                return;
            }
            if (next == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, next - System.nanoTime());
            }
        }
    }

    /** Fires the lane's due tasks; returns the next one's latest time, or {@code Long.MAX_VALUE}. */
    private long fireDue(Queue<Task> lane, long now) {
        for (Task task = lane.peek(); task != null && !shutdown; task = lane.peek()) {
            if (!task.cancelled() && task.due - now > 0) {
                return task.latest;
            }
            lane.poll(); // only this thread removes, so the polled task is the one peeked
            task.fire();
        }
        return Long.MAX_VALUE;
    }

    private long fireDueInHeap(long now) {
        while (!shutdown) {
            Task task;
            heapLock.lock();
            try {
                task = heap.peek();
                if (task == null) {
                    return Long.MAX_VALUE;
                }
                if (!task.cancelled() && task.due - now > 0) {
                    return task.latest; // a due task behind it fires by its own, later, latest time
                }
                heap.poll();
            } finally {
                heapLock.unlock();
            }
            task.fire();
        }
        return Long.MAX_VALUE;
    }

    /**
     * Returns a task's delay in nanoseconds, capped so that its due and latest times never
     * overflow; lanes are keyed by the same value, so a huge delay finds its lane too.
     */
    private static long delayNanos(Duration delay) {
        return Math.min(nanos(delay), Long.MAX_VALUE / 4);
    }

    /** Returns the lane of tasks of this delay, or null when it has none. */
    private Queue<Task> lane(long delayNanos) {
        for (int i = 0; i < laneDelays.length; i++) {
            if (laneDelays[i] == delayNanos) {
                return lanes.get(i);
            }
        }
        return null;
    }

    /** Returns how late a task of this delay may fire: 1/100 of it, at most {@value #MAX_SLACK_MILLIS} ms. */
    static long slack(long delayNanos) {
        return Math.min(Math.max(delayNanos, 0) / 100, MAX_SLACK_MILLIS * 1_000_000);
    }

    private static long earlier(long a, long b) {
        return a == Long.MAX_VALUE ? b : b == Long.MAX_VALUE ? a : (a - b < 0 ? a : b);
    }

    /** Returns the duration in nanoseconds, saturating instead of overflowing. */
    static long nanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
