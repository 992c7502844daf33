package dev.runner.endpoint;

import dev.runner.RunnerStatus;
import dev.runner.ServiceStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One health route's answer, made from a {@link RunnerStatus}: the overall status and one check
 * per listed service, written as MicroProfile Health JSON:
 * {@code {"status":"UP","checks":[{"name":"db","status":"UP","data":{"state":"RUNNING","restarts":0}}]}}.
 *
 * @param up     the overall status
 * @param checks the checks, in the order the services were added
 */
record HealthReport(boolean up, List<Check> checks) {

    /**
     * One service's check.
     *
     * @param name    the service's name
     * @param up      whether it is UP on the route
     * @param service what supervision last saw of it
     */
    record Check(String name, boolean up, ServiceStatus service) {
    }

    HealthReport {
        checks = List.copyOf(checks);
    }

    /**
     * Answers the question of {@code kind} from {@code status}.
     *
     * @throws NullPointerException if an argument is null
     */
    static HealthReport of(HealthKind kind, RunnerStatus status) {
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(status, "status must not be null");
        List<Check> checks = new ArrayList<>();
        for (Map.Entry<String, ServiceStatus> entry : status.services().entrySet()) {
            ServiceStatus service = entry.getValue();
            if (kind.lists(service)) {
                checks.add(new Check(entry.getKey(), kind.serviceUp(status, service), service));
            }
        }
        return new HealthReport(kind.runnerUp(status), checks);
    }

    /**
     * Writes the report as MicroProfile Health JSON. {@code data} holds {@code state} and
     * {@code restarts}; with {@code showDetails}, also {@code detail} and {@code lastFailure} when
     * the service has them.
     */
    String toJson(boolean showDetails) {
        JsonWriter json = new JsonWriter().beginObject()
                .name("status").value(word(up))
                .name("checks").beginArray();
        for (Check check : checks) {
            ServiceStatus service = check.service();
            json.beginObject()
                    .name("name").value(check.name())
                    .name("status").value(word(check.up()))
                    .name("data").beginObject()
                    .name("state").value(service.state().name())
                    .name("restarts").value(service.restarts());
            if (showDetails && service.detail() != null) {
                json.name("detail").value(service.detail());
            }
            if (showDetails && service.lastFailure() != null) {
                json.name("lastFailure").value(service.lastFailure());
            }
            json.endObject().endObject();
        }
        return json.endArray().endObject().toString();
    }

    private static String word(boolean up) {
        return up ? "UP" : "DOWN";
    }
}
