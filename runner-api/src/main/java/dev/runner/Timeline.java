package dev.runner;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * When each service of a runner's current or last run launched, started, became ready and
 * stopped: the data of {@code systemd-analyze blame} and {@code critical-chain}.
 *
 * @param origin       when the run's {@code start} began; every offset counts from here
 * @param spans        one span per service, in the order the services were added
 * @param criticalPath the chain that decided when {@code start} returned: the service that
 *                     finished last, then at each step the dependency that became ready last;
 *                     empty while the start has not returned
 */
public record Timeline(Instant origin, List<Timeline.Span> spans, List<String> criticalPath) {

    /**
     * Creates a timeline.
     *
     * @throws NullPointerException if a value is null
     */
    public Timeline {
        Objects.requireNonNull(origin, "origin must not be null");
        spans = List.copyOf(Objects.requireNonNull(spans, "spans must not be null"));
        criticalPath = List.copyOf(Objects.requireNonNull(criticalPath, "criticalPath must not be null"));
    }

    /**
     * The marks of one service in the run, as offsets from the timeline's origin; a mark not
     * reached is null. It records the run's first start of the service and the run's stop of it.
     *
     * @param service    the service's name
     * @param dependsOn  the services it waits for
     * @param launched   when its dependencies were ready
     * @param startBegan when its {@code start} was called (after any start delay)
     * @param started    when its {@code start} returned
     * @param ready      when a check of it first passed
     * @param stopBegan  when the run's stop called its {@code stop}
     * @param stopped    when that {@code stop} ended
     */
    public record Span(String service, List<String> dependsOn,
                       Duration launched, Duration startBegan, Duration started, Duration ready,
                       Duration stopBegan, Duration stopped) {

        /**
         * Creates a span.
         *
         * @throws NullPointerException if {@code service} or {@code dependsOn} is null
         */
        public Span {
            Objects.requireNonNull(service, "service must not be null");
            dependsOn = List.copyOf(Objects.requireNonNull(dependsOn, "dependsOn must not be null"));
        }

        /**
         * Returns how long the service took from launch to ready, or null if either is missing.
         *
         * @return the time, or null
         */
        public Duration launchToReady() {
            return launched == null || ready == null ? null : ready.minus(launched);
        }
    }
}
