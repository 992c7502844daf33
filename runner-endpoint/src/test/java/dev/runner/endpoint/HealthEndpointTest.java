package dev.runner.endpoint;

import static dev.runner.endpoint.HttpClients.get;
import static dev.runner.endpoint.HttpClients.send;
import static dev.runner.endpoint.Statuses.critical;
import static dev.runner.endpoint.Statuses.failedBefore;
import static dev.runner.endpoint.Statuses.healthy;
import static dev.runner.endpoint.Statuses.in;
import static dev.runner.endpoint.Statuses.runner;
import static dev.runner.endpoint.Statuses.unhealthy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runner.RunPhase;
import dev.runner.Runner;
import dev.runner.RunnerStatus;
import dev.runner.ServiceConfig;
import dev.runner.ServiceState;
import dev.runner.Timeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The endpoint over real HTTP on loopback, in front of a runner whose status the test sets: every
 * route, status code and content type, bad paths and methods, binding, threads and closing.
 */
class HealthEndpointTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final RunnerStatus UP = runner(RunPhase.RUNNING, true, true, true,
            "database", healthy(), "api", healthy());
    private static final RunnerStatus NOT_READY = runner(RunPhase.RUNNING, true, false, true,
            "database", failedBefore(unhealthy("connection refused"), "health check failed: connection refused", 1),
            "api", healthy());
    private static final RunnerStatus FAILED = runner(RunPhase.FAILED, false, false, false,
            "database", critical(failedBefore(in(ServiceState.FAILED), "exited: disk full", 5)),
            "api", in(ServiceState.STOPPED));

    private final AtomicReference<RunnerStatus> status = new AtomicReference<>(UP);
    private Runner runner;
    private HealthEndpoint endpoint;

    @BeforeEach
    void serve() {
        runner = mock(Runner.class);
        when(runner.name()).thenReturn("app");
        when(runner.status()).thenAnswer(invocation -> status.get());
        when(runner.timeline()).thenReturn(new Timeline(Instant.now(), List.of(
                new Timeline.Span("database", List.of(), Duration.ZERO, Duration.ZERO, Duration.ofMillis(5), Duration.ofMillis(6), null, null),
                new Timeline.Span("api", List.of("database"), Duration.ofMillis(6), Duration.ofMillis(6), Duration.ofMillis(9), Duration.ofMillis(9), null, null)),
                List.of("api", "database")));
        when(runner.config("database")).thenReturn(Optional.of(ServiceConfig.defaults()));
        when(runner.config("api")).thenReturn(Optional.of(ServiceConfig.of(dev.runner.Option.dependsOn("database"))));
        endpoint = HealthEndpoint.builder(runner).start();
    }

    @AfterEach
    void close() {
        endpoint.close();
    }

    private HttpResponse<String> request(String path) throws Exception {
        return get(endpoint.address(), path);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        return MAPPER.readTree(response.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/health/live", "/health/ready", "/health/started"})
    void everyHealthRouteAnswers200WithMicroProfileJsonWhenUp(String path) throws Exception {
        HttpResponse<String> response = request(path);

        assertEquals(200, response.statusCode());
        JsonNode body = json(response);
        assertEquals("UP", body.get("status").asText());
        assertEquals(List.of("database", "api"), body.get("checks").findValuesAsText("name"));
        assertEquals(List.of("UP", "UP"), body.get("checks").findValuesAsText("status"));
        assertEquals("RUNNING", body.get("checks").get(0).get("data").get("state").asText());
        assertEquals(0, body.get("checks").get(0).get("data").get("restarts").asInt());
    }

    @Test
    void anUnhealthyServiceMakesReadyAnswer503ButLeavesLiveAndStarted() throws Exception {
        status.set(NOT_READY);

        HttpResponse<String> ready = request("/health/ready");
        assertEquals(503, ready.statusCode());
        JsonNode body = json(ready);
        assertEquals("DOWN", body.get("status").asText());
        assertEquals("DOWN", body.get("checks").get(0).get("status").asText());
        assertEquals("UP", body.get("checks").get(1).get("status").asText());
        assertEquals(1, body.get("checks").get(0).get("data").get("restarts").asInt());
        assertFalse(body.get("checks").get(0).get("data").has("detail"), "no details unless asked for");
        assertEquals(503, request("/health").statusCode());
        assertEquals(200, request("/health/live").statusCode());
        assertEquals(200, request("/health/started").statusCode());
    }

    @Test
    void aFailedRunnerIsDownOnEveryRouteAndLiveNamesTheCriticalService() throws Exception {
        status.set(FAILED);

        for (String path : List.of("/health", "/health/live", "/health/ready", "/health/started")) {
            assertEquals(503, request(path).statusCode(), path);
        }
        JsonNode live = json(request("/health/live"));
        assertEquals(List.of("DOWN", "UP"), live.get("checks").findValuesAsText("status"));
        assertEquals("FAILED", live.get("checks").get(0).get("data").get("state").asText());
    }

    @Test
    void withDetailsTheDataCarriesDetailAndLastFailure() throws Exception {
        status.set(NOT_READY);
        try (HealthEndpoint detailed = HealthEndpoint.builder(runner).showDetails(true).start()) {
            JsonNode data = json(get(detailed.address(), "/health/ready")).get("checks").get(0).get("data");

            assertEquals("connection refused", data.get("detail").asText());
            assertEquals("health check failed: connection refused", data.get("lastFailure").asText());
        }
    }

    @Test
    void theStatusRouteGivesTheWholeStatusAsJson() throws Exception {
        status.set(NOT_READY);

        JsonNode body = json(request("/runner/status"));

        assertEquals("app", body.get("runner").asText());
        assertEquals("RUNNING", body.get("phase").asText());
        assertTrue(body.get("started").asBoolean());
        assertFalse(body.get("ready").asBoolean());
        assertTrue(body.get("live").asBoolean());
        JsonNode database = body.get("services").get("database");
        assertEquals("RUNNING", database.get("state").asText());
        assertFalse(database.get("healthy").asBoolean());
        assertTrue(database.get("detail").isNull(), "hidden without showDetails");
        assertEquals(Statuses.T0.toString(), database.get("lastCheck").asText());
        assertEquals(Statuses.T0.toString(), database.get("upSince").asText());
        assertEquals(1, database.get("restarts").asInt());
        assertFalse(database.get("critical").asBoolean());
        assertTrue(database.get("readiness").asBoolean());
        assertEquals(List.of("database", "api"), List.copyOf(iterable(body.get("services").fieldNames())));
    }

    private static <T> List<T> iterable(java.util.Iterator<T> iterator) {
        List<T> list = new java.util.ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }

    @Test
    void thePageAndThePicturesHaveTheirContentTypes() throws Exception {
        HttpResponse<String> page = request("/runner");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(page.body().contains("<meta http-equiv=\"refresh\""));

        for (String path : List.of("/runner/timeline.svg", "/runner/graph.svg")) {
            HttpResponse<String> picture = request(path);
            assertEquals(200, picture.statusCode(), path);
            assertEquals("image/svg+xml", picture.headers().firstValue("Content-Type").orElseThrow(), path);
            SvgDocument.parse(picture.body());
        }
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/health/", "/healthz", "/health/live/x", "/runner/", "/runner/other.svg", "/favicon.ico"})
    void anotherPathIs404(String path) throws Exception {
        HttpResponse<String> response = request(path);

        assertEquals(404, response.statusCode());
        assertTrue(response.body().startsWith("not found: " + path), response.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
    void anotherMethodIs405AndSaysWhichAreAllowed(String method) throws Exception {
        HttpResponse<String> response = send(endpoint.address(), method, "/health/ready");

        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElseThrow());
        assertEquals(404, send(endpoint.address(), method, "/nowhere").statusCode(), "an unknown path is 404 first");
    }

    @Test
    void headAnswersLikeGetWithoutABody() throws Exception {
        status.set(NOT_READY);

        HttpResponse<String> head = send(endpoint.address(), "HEAD", "/health/ready");

        assertEquals(503, head.statusCode());
        assertEquals("application/json", head.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("", head.body());
        assertEquals(200, send(endpoint.address(), "HEAD", "/runner").statusCode());
    }

    @Test
    void requestsNeverRunAHealthCheck() throws Exception {
        for (String path : List.of("/health", "/health/live", "/health/ready", "/health/started", "/runner",
                "/runner/status", "/runner/graph.svg", "/runner/timeline.svg")) {
            assertEquals(200, request(path).statusCode(), path);
        }

        verify(runner, never()).health();
        verify(runner, never()).healthStatus();
    }

    @Test
    void requestsAreServedOnVirtualThreads() throws Exception {
        AtomicReference<Thread> servedBy = new AtomicReference<>();
        when(runner.status()).thenAnswer(invocation -> {
            servedBy.set(Thread.currentThread());
            return status.get();
        });

        request("/health/live");

        assertTrue(servedBy.get().isVirtual(), servedBy.get().toString());
        assertTrue(servedBy.get().getName().startsWith("runner-endpoint/app/request-"), servedBy.get().getName());
    }

    @Test
    void aSlowRequestDoesNotHoldUpTheNext() throws Exception {
        CountDownLatch secondAnswered = new CountDownLatch(1);
        CountDownLatch firstArrived = new CountDownLatch(1);
        when(runner.status()).thenAnswer(invocation -> {
            if (firstArrived.getCount() == 1) {
                firstArrived.countDown();
                assertTrue(secondAnswered.await(30, TimeUnit.SECONDS), "the second request was not answered meanwhile");
            }
            return status.get();
        });

        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return request("/health/live");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(firstArrived.await(30, TimeUnit.SECONDS));
        assertEquals(200, request("/health/ready").statusCode());
        secondAnswered.countDown();

        assertEquals(200, first.get(30, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void aRunnerThatCannotBeReadGives500WithoutItsMessage() throws Exception {
        when(runner.status()).thenThrow(new IllegalStateException("secret internals"));

        HttpResponse<String> response = request("/health/live");

        assertEquals(500, response.statusCode());
        assertEquals("text/plain; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        assertFalse(response.body().contains("secret"), response.body());
        assertEquals(200, request("/runner/timeline.svg").statusCode(), "the other routes go on");
    }

    @Test
    void theBuilderBindsToLoopbackOnAFreePortByDefault() {
        InetSocketAddress address = endpoint.address();

        assertTrue(address.getAddress().isLoopbackAddress(), address.toString());
        assertNotEquals(0, address.getPort());
    }

    @Test
    void startListensOnTheGivenAddress() throws Exception {
        try (HealthEndpoint other = HealthEndpoint.start(runner, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            assertNotEquals(endpoint.address().getPort(), other.address().getPort());
            assertEquals(200, get(other.address(), "/health/live").statusCode());
        }
    }

    @Test
    void anAddressInUseIsRefusedNamingIt() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> HealthEndpoint.start(runner, endpoint.address()));

        assertTrue(e.getMessage().startsWith("cannot listen on " + endpoint.address() + " for runner app"), e.getMessage());
    }

    @Test
    void nullArgumentsAreRefusedWithAMessage() {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        assertEquals("runner must not be null",
                assertThrows(NullPointerException.class, () -> HealthEndpoint.start(null, address)).getMessage());
        assertEquals("address must not be null",
                assertThrows(NullPointerException.class, () -> HealthEndpoint.start(runner, null)).getMessage());
        assertEquals("runner must not be null",
                assertThrows(NullPointerException.class, () -> HealthEndpoint.builder(null)).getMessage());
        assertEquals("address must not be null",
                assertThrows(NullPointerException.class, () -> HealthEndpoint.builder(runner).address(null)).getMessage());
    }

    @Test
    void afterCloseNothingListensAndClosingAgainDoesNothing() {
        InetSocketAddress address = endpoint.address();
        endpoint.close();
        endpoint.close();

        assertThrows(java.net.ConnectException.class, () -> get(address, "/health/live"));
    }
}
