package dev.runner.endpoint;

import dev.runner.RunnerStatus;
import dev.runner.ServiceStatus;
import java.util.Map;

/**
 * Writes a {@link RunnerStatus} as JSON for {@code /runner/status}: the record's components under
 * their own names, services as an object keyed by name in the order they were added, instants as
 * ISO-8601 strings, absent values as {@code null}.
 */
final class StatusJson {

    private StatusJson() {
    }

    /**
     * Writes the status; without {@code showDetails}, {@code detail} and {@code lastFailure} are
     * null whatever the service said.
     */
    static String write(RunnerStatus status, boolean showDetails) {
        JsonWriter json = new JsonWriter().beginObject()
                .name("runner").value(status.runner())
                .name("phase").value(status.phase().name())
                .name("started").value(status.started())
                .name("ready").value(status.ready())
                .name("live").value(status.live())
                .name("services").beginObject();
        for (Map.Entry<String, ServiceStatus> entry : status.services().entrySet()) {
            ServiceStatus service = entry.getValue();
            json.name(entry.getKey()).beginObject()
                    .name("state").value(service.state().name())
                    .name("healthy").value(service.healthy())
                    .name("detail").value(showDetails ? service.detail() : null)
                    .name("lastCheck").value(service.lastCheck())
                    .name("restarts").value(service.restarts())
                    .name("lastFailure").value(showDetails ? service.lastFailure() : null)
                    .name("upSince").value(service.upSince())
                    .name("critical").value(service.critical())
                    .name("readiness").value(service.readiness())
                    .endObject();
        }
        return json.endObject().endObject().toString();
    }
}
