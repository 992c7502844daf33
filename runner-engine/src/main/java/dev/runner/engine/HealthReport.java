package dev.runner.engine;

import dev.runner.Health;
import dev.runner.HealthStatus;
import dev.runner.ServiceHealth;
import dev.runner.ServiceState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks the health of every service of a runner at once: each running service's check runs on
 * its own virtual thread (or joins the check of it already in flight, see {@link CheckGate}), and
 * the caller waits for each at most its health timeout, so a hung check makes its service
 * unhealthy and never hangs the caller.
 */
final class HealthReport {

    /** A service to report on: its name and its run's view of it (null if never run). */
    record Entry(String name, ManagedService service) {
    }

    private static final String NOT_RUNNING = "service not running";

    private HealthReport() {
    }

    /** Checks every entry concurrently and returns the report, in the entries' order. */
    static HealthStatus check(List<Entry> entries) {
        int n = entries.size();
        ManagedService.Snapshot[] snapshots = new ManagedService.Snapshot[n];
        @SuppressWarnings("unchecked")
        CompletableFuture<Health>[] results = new CompletableFuture[n];
        long begun = System.nanoTime();
        for (int i = 0; i < n; i++) {
            ManagedService service = entries.get(i).service();
            snapshots[i] = service == null ? null : service.snapshot();
            if (snapshots[i] != null && snapshots[i].running()) {
                CheckGate gate = service.health.gate();
                results[i] = gate.alwaysUp() ? CompletableFuture.completedFuture(Health.up()) : gate.enter();
            }
        }
        Map<String, ServiceHealth> report = new LinkedHashMap<>(n * 2);
        boolean allHealthy = true;
        for (int i = 0; i < n; i++) {
            ManagedService.Snapshot snapshot = snapshots[i];
            ServiceHealth health;
            if (snapshot == null) {
                health = new ServiceHealth(false, NOT_RUNNING, false, ServiceState.NEW, 0);
            } else if (results[i] == null) {
                health = new ServiceHealth(false, NOT_RUNNING, false, snapshot.state(), snapshot.restarts());
            } else {
                Health result = await(results[i], entries.get(i).service(), begun);
                health = new ServiceHealth(result.healthy(), result.healthy() ? null : result.detail(), true,
                        snapshot.state(), snapshot.restarts());
            }
            allHealthy &= health.healthy();
            report.put(entries.get(i).name(), health);
        }
        return new HealthStatus(allHealthy, report);
    }

    /** Waits for a check until its timeout counted from {@code begun}; interrupts it if it overran. */
    private static Health await(CompletableFuture<Health> result, ManagedService service, long begun) {
        long timeout = Timer.nanos(service.config.healthTimeout());
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get(Math.max(0, begun + timeout - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true; // finish the report, bounded anyway, then restore the flag
                } catch (TimeoutException e) {
                    service.health.gate().interrupt(result);
                    return service.health.gate().timedOut();
                } catch (ExecutionException e) {
                    return Health.down(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
    /** Returns the runner's aggregate health: {@code unhealthy services: a: <error>, b: <error>}. */
    static Health aggregate(HealthStatus status) {
        if (status.healthy()) {
            return Health.up();
        }
        StringBuilder detail = new StringBuilder("unhealthy services: ");
        String separator = "";
        for (Map.Entry<String, ServiceHealth> entry : status.services().entrySet()) {
            if (!entry.getValue().healthy()) {
                detail.append(separator).append(entry.getKey()).append(": ").append(entry.getValue().error());
                separator = ", ";
            }
        }
        return Health.down(detail.toString());
    }
}
