package dev.runner.endpoint;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Real HTTP requests to an endpoint over loopback, each bounded in seconds. */
final class HttpClients {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private HttpClients() {
    }

    /** Sends {@code method} to {@code path} of the endpoint at {@code address}. */
    static HttpResponse<String> send(InetSocketAddress address, String method, String path) throws Exception {
        String host = address.getAddress() instanceof Inet6Address
                ? "[" + address.getAddress().getHostAddress() + "]" : address.getAddress().getHostAddress();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + address.getPort() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a GET. */
    static HttpResponse<String> get(InetSocketAddress address, String path) throws Exception {
        return send(address, "GET", path);
    }
}
