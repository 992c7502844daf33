package dev.runner.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.Context;
import dev.runner.Option;
import dev.runner.Runner;
import dev.runner.Service;
import dev.runner.endpoint.HealthEndpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifest in {@code kubernetes/deployment.yaml} points each probe at a path and a
 * port that answer as Kubernetes expects (a status of 200 to 399) from a running runner's
 * {@link HealthEndpoint}, and gives the pod more time to end than the runner's stop takes.
 */
class KubernetesManifestTest {

    private static final Path MANIFEST = Path.of("kubernetes/deployment.yaml");
    /** The stop timeout the manifest's comments promise to leave room for: run()'s default. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** A probe as the manifest declares it. */
    private record Probe(String path, String port) {
    }

    /** A service that is up as soon as it started. */
    private record Idle(String name) implements Service {
        @Override
        public void start(Context context) {
        }

        @Override
        public void stop(Context context) {
        }
    }

    @Test
    void everyProbeOfTheManifestAnswersSuccessOnTheEndpointOfARunningRunner() throws Exception {
        String yaml = Files.readString(MANIFEST);
        Map<String, Probe> probes = probes(yaml);
        assertEquals(List.of("startupProbe", "readinessProbe", "livenessProbe"), List.copyOf(probes.keySet()));
        Map<String, Integer> ports = containerPorts(yaml);

        Runner runner = Runner.create("k8s");
        runner.add(new Idle("database"));
        runner.add(new Idle("api"), Option.dependsOn("database"));
        runner.start();
        // The manifest's port number is a container's; here the endpoint takes any free port, and
        // the test checks that the probe's named port is the one the endpoint is declared on.
        try (HealthEndpoint endpoint = HealthEndpoint.builder(runner).address(new InetSocketAddress("127.0.0.1", 0)).start();
             HttpClient client = HttpClient.newHttpClient()) {
            for (Map.Entry<String, Probe> entry : probes.entrySet()) {
                Probe probe = entry.getValue();
                assertTrue(ports.containsKey(probe.port()), entry.getKey() + " names a port the container declares: " + ports);
                URI uri = URI.create("http://127.0.0.1:" + endpoint.address().getPort() + probe.path());
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertTrue(response.statusCode() >= 200 && response.statusCode() <= 399,
                        entry.getKey() + " on " + probe.path() + " answered " + response.statusCode() + ": " + response.body());
            }
        } finally {
            runner.stop();
        }
    }

    @Test
    void probesPointAtTheEndpointsPortAndThePodOutlivesTheStop() throws IOException {
        String yaml = Files.readString(MANIFEST);
        Map<String, Probe> probes = probes(yaml);
        assertEquals(Map.of("startupProbe", "/health/started", "readinessProbe", "/health/ready",
                "livenessProbe", "/health/live"), Map.of(
                "startupProbe", probes.get("startupProbe").path(),
                "readinessProbe", probes.get("readinessProbe").path(),
                "livenessProbe", probes.get("livenessProbe").path()));
        assertEquals(1, probes.values().stream().map(Probe::port).distinct().count(), "one port for every probe");
        Matcher grace = Pattern.compile("terminationGracePeriodSeconds:\\s*(\\d+)").matcher(yaml);
        assertTrue(grace.find(), "the manifest sets terminationGracePeriodSeconds");
        assertTrue(Long.parseLong(grace.group(1)) > STOP_TIMEOUT.toSeconds(),
                "terminationGracePeriodSeconds " + grace.group(1) + " must be above the stop timeout " + STOP_TIMEOUT);
    }

    /** Reads each probe's httpGet path and port, in the order the manifest gives them. */
    private static Map<String, Probe> probes(String yaml) {
        Map<String, Probe> probes = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\s*(\\w+Probe):\\s*\\n\\s*httpGet:\\s*\\n\\s*path:\\s*(\\S+)\\s*\\n\\s*port:\\s*(\\S+)")
                .matcher(yaml);
        while (m.find()) {
            probes.put(m.group(1), new Probe(m.group(2), m.group(3)));
        }
        return probes;
    }

    /** Reads the container's ports by name. */
    private static Map<String, Integer> containerPorts(String yaml) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)-\\s*name:\\s*(\\S+)\\s*\\n\\s*containerPort:\\s*(\\d+)").matcher(yaml);
        while (m.find()) {
            ports.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return ports;
    }
}
