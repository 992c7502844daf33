package dev.runner;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to one service of a runner, as a listener added with
 * {@link Runner#addListener} receives it.
 *
 * <p>Each transition of a service's {@link ServiceState} emits one event from the place where the
 * transition is decided. A first start reads {@code Starting, Started, Ready}; a restart after an
 * exit {@code Exited, Restarting, Stopping, Stopped, Starting, Started, Ready}; a stop
 * {@code Stopping, Stopped}. Per service, a listener receives the events in the order they
 * happened, each exactly once, on a thread of the runner's own.
 */
public sealed interface ServiceEvent {

    /**
     * Returns the name of the service this event is about.
     *
     * @return the service's name
     */
    String service();

    /**
     * Returns when the event happened.
     *
     * @return the instant
     */
    Instant at();

    /**
     * The service's {@code start} is about to be called (after any start delay).
     *
     * @param service the service's name
     * @param at      when
     * @param attempt 1 for the run's first start, then one more for each restart
     */
    record Starting(String service, Instant at, int attempt) implements ServiceEvent {
        /**
         * Creates the event.
         *
         * @throws NullPointerException if {@code service} or {@code at} is null
         */
        public Starting {
            requireNames(service, at);
        }
    }

    /**
     * The service's {@code start} returned.
     *
     * @param service the service's name
     * @param at      when
     * @param attempt which attempt, as in {@link Starting}
     * @param took    how long the {@code start} call took
     */
    record Started(String service, Instant at, int attempt, Duration took) implements ServiceEvent {
        /**
         * Creates the event.
         *
         * @throws NullPointerException if a value is null
         */
        public Started {
            requireNames(service, at);
            Objects.requireNonNull(took, "took must not be null");
        }
    }

    /**
     * A health check of the started instance passed for the first time: dependents may start.
     *
     * @param service     the service's name
     * @param at          when
     * @param sinceLaunch the time from when its dependencies were ready to now
     */
    record Ready(String service, Instant at, Duration sinceLaunch) implements ServiceEvent {
        /**
         * Creates the event.
         *
         * @throws NullPointerException if a value is null
         */
        public Ready {
            requireNames(service, at);
            Objects.requireNonNull(sinceLaunch, "sinceLaunch must not be null");
        }
    }

    /**
     * The service turned unhealthy: a check failed after it was healthy or before any passed.
     *
     * @param service the service's name
     * @param at      when
     * @param detail  what the failed check said
     */
    record Unhealthy(String service, Instant at, String detail) implements ServiceEvent {
        /**
         * Creates the event.
         *
         * @throws NullPointerException if {@code service} or {@code at} is null
         */
        public Unhealthy {
            requireNames(service, at);
        }
    }

    /**
     * The service turned healthy again without a restart.
     *
     * @param service the service's name
     * @param at      when
     */
    record Recovered(String service, Instant at) implements ServiceEvent {
        /**
         * Creates the event.
         *
         * @throws NullPointerException if {@code service} or {@code at} is null
         */
        public Recovered {
            requireNames(service, at);
        }
    }

    /**
     * The service reported through {@link Context#exited} that it ended by itself.
     *
     * @param service the service's name
     * @param at      when
     * @param cause   why, or null for a clean exit
     */
    record Exited(String service, Instant at, Throwable cause) implements ServiceEvent {
        /**
         * Creates the event.
         *
         * @throws NullPointerException if {@code service} or {@code at} is null
         */
        public Exited {
            requireNames(service, at);
        }
    }

    /**
     * The service will be restarted after a backoff.
     *
     * @param service the service's name
     * @param at      when the restart was decided
     * @param restart which restart this is, 1 for the first since the last reset; 0 for a restart
     *                with a dependency it is bound to, which does not count toward its own retries
     * @param backoff the wait before the old instance is stopped and a new one started
     * @param reason  why, such as {@code exited with a failure: …} or
     *                {@code dependency "db" restarted}
     */
    record Restarting(String service, Instant at, int restart, Duration backoff, String reason)
            implements ServiceEvent {
        /**
         * Creates the event.
         *
         * @throws NullPointerException if a value but {@code reason} is null
         */
        public Restarting {
            requireNames(service, at);
            Objects.requireNonNull(backoff, "backoff must not be null");
        }
    }

    /**
     * A failure found no restart left: the service ends {@code FAILED} after an exit, or stays
     * {@code RUNNING} and unhealthy after failed checks.
     *
     * @param service the service's name
     * @param at      when
     * @param cause   the failure
     */
    record GaveUp(String service, Instant at, Throwable cause) implements ServiceEvent {
        /**
         * Creates the event.
         *
         * @throws NullPointerException if {@code service} or {@code at} is null
         */
        public GaveUp {
            requireNames(service, at);
        }
    }

    /**
     * The service's {@code stop} is about to be called.
     *
     * @param service the service's name
     * @param at      when
     */
    record Stopping(String service, Instant at) implements ServiceEvent {
        /**
         * Creates the event.
         *
         * @throws NullPointerException if {@code service} or {@code at} is null
         */
        public Stopping {
            requireNames(service, at);
        }
    }

    /**
     * The service's {@code stop} ended.
     *
     * @param service the service's name
     * @param at      when
     * @param took    how long the {@code stop} call took
     * @param error   why it did not stop cleanly (a throw or a timeout), or null
     */
    record Stopped(String service, Instant at, Duration took, Throwable error) implements ServiceEvent {
        /**
         * Creates the event.
         *
         * @throws NullPointerException if a value but {@code error} is null
         */
        public Stopped {
            requireNames(service, at);
            Objects.requireNonNull(took, "took must not be null");
        }
    }

    private static void requireNames(String service, Instant at) {
        Objects.requireNonNull(service, "service must not be null");
        Objects.requireNonNull(at, "at must not be null");
    }
}
