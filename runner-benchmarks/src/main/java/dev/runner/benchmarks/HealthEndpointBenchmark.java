package dev.runner.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.runner.benchmarks.workload.CheckedService;
import dev.runner.endpoint.HealthEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * W10 health endpoint: one {@code GET /health/ready} over {@code services} running services, sent
 * with {@code java.net.http.HttpClient} over a kept-alive loopback connection to
 * runner-endpoint's {@link HealthEndpoint}, as a Kubernetes readiness probe or a load balancer
 * polls it. The answer is made from {@code status()}: no check runs. SampleTime keeps every
 * sample, so the results give the median and the tail.
 *
 * <p>Beside it, {@code jdkHttpServer}: the JDK's {@code HttpServer}, on a virtual thread per
 * request as the endpoint is, answering the very bytes the endpoint answered, from memory. It is
 * the floor of the transport, so the gap between the two is the endpoint's own work: reading the
 * status and writing its JSON.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class HealthEndpointBenchmark {

    private static final String PATH = "/health/ready";
    private static final long READY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    @Param("1000")
    public int services;

    private dev.runner.Runner runner;
    private HealthEndpoint endpoint;
    private HttpServer fixedAnswer;
    private ExecutorService fixedAnswerThreads;
    private HttpClient client;
    private HttpRequest request;

    // Services with a health() of their own, checked every second in the background as in W6, so
    // the endpoint reads results that supervision keeps writing. The method name picks the server.
    @Setup(Level.Trial)
    public void startServer(BenchmarkParams params) throws IOException, InterruptedException {
        runner = dev.runner.Runner.create("bench");
        for (int i = 0; i < services; i++) {
            runner.add(new CheckedService("s" + i));
        }
        runner.start();
        awaitReady();
        endpoint = HealthEndpoint.builder(runner).start(); // loopback, a free port
        // HTTP/1.1 so the client keeps one plain connection alive across requests, as a probe
        // that polls does; HTTP/2 would first try an upgrade the JDK server does not offer.
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        request = HttpRequest.newBuilder(uri(endpoint.address())).GET().build();
        if (params.getBenchmark().endsWith(".jdkHttpServer")) {
            HttpResponse<byte[]> answer = send();
            endpoint.close();
            startFixedAnswer(answer);
            request = HttpRequest.newBuilder(uri(fixedAnswer.getAddress())).GET().build();
        }
    }

    // start returns before the first checks of services that nothing depends on have run, and
    // until they pass /health/ready rightly answers 503.
    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT_NANOS;
        while (!runner.status().ready()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("runner not ready 10 s after start: " + runner.status());
            }
            Thread.sleep(10);
        }
    }

    // The endpoint's answer again, its body and the headers it set, written as the endpoint
    // writes it: a fixed length and one write.
    private void startFixedAnswer(HttpResponse<byte[]> answer) throws IOException {
        byte[] body = answer.body();
        List<String> headers = List.of("Content-Type", "Cache-Control", "X-Content-Type-Options");
        fixedAnswerThreads = Executors.newVirtualThreadPerTaskExecutor();
        fixedAnswer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fixedAnswer.setExecutor(fixedAnswerThreads);
        fixedAnswer.createContext(PATH, exchange -> {
            for (String header : headers) {
                answer.headers().firstValue(header).ifPresent(value -> exchange.getResponseHeaders().set(header, value));
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        fixedAnswer.start();
    }

    private static URI uri(InetSocketAddress address) {
        return URI.create("http://" + address.getHostString() + ":" + address.getPort() + PATH);
    }

    @TearDown(Level.Trial)
    public void stopServer() {
        if (fixedAnswer != null) {
            fixedAnswer.stop(0);
            fixedAnswerThreads.shutdownNow();
        }
        endpoint.close();
        client.close();
        runner.stop();
    }

    // A 503 (the runner not ready) would time a different answer: fail instead. The body goes to
    // the Blackhole, though the client has read every byte of it by then anyway.
    private HttpResponse<byte[]> send() throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(PATH + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response;
    }

    @Benchmark
    public void runner(Blackhole blackhole) throws IOException, InterruptedException {
        blackhole.consume(send().body());
    }

    @Benchmark
    public void jdkHttpServer(Blackhole blackhole) throws IOException, InterruptedException {
        blackhole.consume(send().body());
    }
}
