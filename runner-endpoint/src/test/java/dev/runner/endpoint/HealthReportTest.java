package dev.runner.endpoint;

import static dev.runner.endpoint.Statuses.critical;
import static dev.runner.endpoint.Statuses.failedBefore;
import static dev.runner.endpoint.Statuses.healthy;
import static dev.runner.endpoint.Statuses.in;
import static dev.runner.endpoint.Statuses.notGatingReadiness;
import static dev.runner.endpoint.Statuses.runner;
import static dev.runner.endpoint.Statuses.unhealthy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runner.RunPhase;
import dev.runner.RunnerStatus;
import dev.runner.ServiceState;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What each health route makes of a runner's status: the overall status, the checks, the JSON. */
class HealthReportTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Map<String, Boolean> checks(HealthKind kind, RunnerStatus status) {
        return HealthReport.of(kind, status).checks().stream()
                .collect(Collectors.toMap(HealthReport.Check::name, HealthReport.Check::up, (a, b) -> a, java.util.LinkedHashMap::new));
    }

    @Test
    void aRunningHealthyRunnerIsUpOnEveryRoute() {
        RunnerStatus status = runner(RunPhase.RUNNING, true, true, true, "db", healthy(), "api", healthy());

        for (HealthKind kind : HealthKind.values()) {
            HealthReport report = HealthReport.of(kind, status);
            assertTrue(report.up(), kind.path());
            assertEquals(Map.of("db", true, "api", true), checks(kind, status), kind.path());
        }
    }

    @Test
    void whileStartingTheRunnerIsLiveButNeitherStartedNorReady() {
        RunnerStatus status = runner(RunPhase.STARTING, false, false, true,
                "db", healthy(), "api", in(ServiceState.WAITING));

        assertTrue(HealthReport.of(HealthKind.LIVE, status).up());
        assertFalse(HealthReport.of(HealthKind.STARTED, status).up());
        assertEquals(Map.of("db", false, "api", false), checks(HealthKind.STARTED, status));
        assertFalse(HealthReport.of(HealthKind.READY, status).up());
        assertEquals(Map.of("db", false, "api", false), checks(HealthKind.READY, status),
                "not ready before start returned, even a service already healthy");
        assertFalse(HealthReport.of(HealthKind.ALL, status).up());
    }

    @Test
    void aServiceRestartingMakesTheRunnerNotReadyButStillStartedAndLive() {
        RunnerStatus status = runner(RunPhase.RUNNING, true, false, true,
                "db", failedBefore(in(ServiceState.BACKING_OFF), "exited: boom", 1), "api", healthy());

        assertEquals(Map.of("db", false, "api", true), checks(HealthKind.READY, status));
        assertFalse(HealthReport.of(HealthKind.READY, status).up());
        assertTrue(HealthReport.of(HealthKind.STARTED, status).up());
        assertTrue(HealthReport.of(HealthKind.LIVE, status).up());
        assertEquals(Map.of("db", false, "api", true), checks(HealthKind.ALL, status));
    }

    @Test
    void aServiceThatDoesNotGateReadinessIsNotListedOnTheReadyRoute() {
        RunnerStatus status = runner(RunPhase.RUNNING, true, true, true,
                "db", healthy(), "batch", notGatingReadiness(unhealthy("queue full")));

        HealthReport ready = HealthReport.of(HealthKind.READY, status);
        assertTrue(ready.up());
        assertEquals(List.of("db"), ready.checks().stream().map(HealthReport.Check::name).toList());
        assertEquals(Map.of("db", true, "batch", true), checks(HealthKind.ALL, status),
                "on /health it is listed, UP as it is live and started");
        assertTrue(HealthReport.of(HealthKind.ALL, status).up());
    }

    @Test
    void aNonCriticalServiceThatGaveUpKeepsTheRunnerLive() {
        RunnerStatus status = runner(RunPhase.RUNNING, true, false, true,
                "db", healthy(), "mailer", failedBefore(in(ServiceState.FAILED), "exited: smtp down", 5));

        assertTrue(HealthReport.of(HealthKind.LIVE, status).up());
        assertEquals(Map.of("db", true, "mailer", true), checks(HealthKind.LIVE, status));
    }

    @Test
    void whenACriticalServiceFailedOnlyItIsDownOnTheLiveRoute() {
        RunnerStatus status = runner(RunPhase.FAILED, false, false, false,
                "db", critical(failedBefore(in(ServiceState.FAILED), "exited: disk full", 5)),
                "cache", critical(failedBefore(in(ServiceState.STOPPED), "an old failure", 1)),
                "api", in(ServiceState.STOPPED));

        HealthReport live = HealthReport.of(HealthKind.LIVE, status);
        assertFalse(live.up());
        assertEquals(Map.of("db", false, "cache", true, "api", true), checks(HealthKind.LIVE, status));
    }

    @Test
    void whenACriticalServiceGaveUpAfterFailedChecksTheCriticalOneWithAFailureIsDown() {
        RunnerStatus status = runner(RunPhase.FAILED, false, false, false,
                "db", critical(failedBefore(in(ServiceState.STOPPED), "health check failed: timeout", 3)),
                "queue", critical(in(ServiceState.STOPPED)),
                "api", failedBefore(in(ServiceState.STOPPED), "exited: not critical", 0));

        assertEquals(Map.of("db", false, "queue", true, "api", true), checks(HealthKind.LIVE, status));
    }

    @Test
    void theAndOfTheChecksIsTheRouteStatusAcrossALife() {
        List<RunnerStatus> life = List.of(
                runner(RunPhase.IDLE, false, false, true, "db", in(ServiceState.NEW), "api", in(ServiceState.NEW)),
                runner(RunPhase.STARTING, false, false, true, "db", in(ServiceState.STARTING), "api", in(ServiceState.WAITING)),
                runner(RunPhase.RUNNING, true, true, true, "db", healthy(), "api", healthy()),
                runner(RunPhase.RUNNING, true, false, true, "db", unhealthy("slow"), "api", healthy()),
                runner(RunPhase.RUNNING, true, true, true, "db", healthy(), "api", notGatingReadiness(in(ServiceState.BACKING_OFF))),
                runner(RunPhase.FAILED, false, false, false, "db", critical(failedBefore(in(ServiceState.FAILED), "x", 5)), "api", in(ServiceState.STOPPING)),
                runner(RunPhase.STOPPING, false, false, true, "db", in(ServiceState.STOPPING), "api", in(ServiceState.STOPPED)),
                runner(RunPhase.STOPPED, false, false, true, "db", in(ServiceState.STOPPED), "api", in(ServiceState.STOPPED)));

        for (RunnerStatus status : life) {
            for (HealthKind kind : HealthKind.values()) {
                HealthReport report = HealthReport.of(kind, status);
                boolean and = report.checks().stream().allMatch(HealthReport.Check::up);
                assertEquals(report.up(), and, kind.path() + " in " + status);
            }
        }
    }

    @Test
    void theJsonHasTheMicroProfileShape() throws Exception {
        RunnerStatus status = runner(RunPhase.RUNNING, true, false, true,
                "database", failedBefore(healthy(), "exited: lost connection", 2), "api", unhealthy("HTTP 503"));

        JsonNode json = MAPPER.readTree(HealthReport.of(HealthKind.READY, status).toJson(false));

        assertEquals("DOWN", json.get("status").asText());
        assertEquals(2, json.get("checks").size());
        JsonNode database = json.get("checks").get(0);
        assertEquals("database", database.get("name").asText());
        assertEquals("UP", database.get("status").asText());
        assertEquals("RUNNING", database.get("data").get("state").asText());
        assertEquals(2, database.get("data").get("restarts").asInt());
        assertEquals(List.of("state", "restarts"), fieldNames(database.get("data")), "no details unless asked");
        JsonNode api = json.get("checks").get(1);
        assertEquals("DOWN", api.get("status").asText());
        assertEquals(List.of("name", "status", "data"), fieldNames(api));
        assertEquals(List.of("status", "checks"), fieldNames(json));
    }

    @Test
    void detailsAreInTheDataOnlyWhenAskedForAndOnlyWhenPresent() throws Exception {
        RunnerStatus status = runner(RunPhase.RUNNING, true, false, true,
                "database", failedBefore(healthy(), "exited: lost connection", 2), "api", unhealthy("HTTP 503 from \"x\""));

        JsonNode json = MAPPER.readTree(HealthReport.of(HealthKind.ALL, status).toJson(true));

        JsonNode database = json.get("checks").get(0).get("data");
        assertEquals(List.of("state", "restarts", "lastFailure"), fieldNames(database));
        assertEquals("exited: lost connection", database.get("lastFailure").asText());
        JsonNode api = json.get("checks").get(1).get("data");
        assertEquals("HTTP 503 from \"x\"", api.get("detail").asText());
        assertEquals("HTTP 503 from \"x\"", api.get("lastFailure").asText());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
