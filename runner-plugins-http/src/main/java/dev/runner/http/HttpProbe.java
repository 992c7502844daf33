package dev.runner.http;

import dev.runner.Health;
import dev.runner.HealthProbe;
import dev.runner.spi.Secrets;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Checks an HTTP endpoint with a GET through the JDK's {@link HttpClient}: healthy when the status
 * is one of the expected ones, 200–399 by default.
 *
 * <pre>{@code
 * runner.add(api, Option.probe("http://127.0.0.1:8080/health"));
 * runner.add(api, Option.probe(HttpProbe.builder("https://payments/health")
 *         .header("Authorization", "Bearer " + token)
 *         .expectStatus(200)
 *         .timeout(Duration.ofSeconds(2))
 *         .build()));
 * }</pre>
 *
 * <p><b>Bounded.</b> A check returns within its timeout (the caller's, or the builder's when that
 * is shorter) whatever the server does: a slow server gives an unhealthy "no response" result and
 * the exchange is cancelled. At most {@value #BODY_LIMIT} bytes of the body are read, for the
 * detail of an unhealthy result; then the exchange ends, so an endless body cannot hold the probe.
 * Redirects are not followed unless the builder says so: the first response decides.
 *
 * <p><b>No secrets.</b> When the probe is built it takes the secret values out of its URI (the
 * userinfo password, {@code token=}/{@code access_token=}/{@code api_key=}/{@code password=}-style
 * parameters, as written and decoded) and its headers (the value of {@code Authorization} and
 * other secret headers, and the token after {@code Bearer}/{@code Basic}). The {@link #name()},
 * {@link #toString()}, every health detail and every message have those values masked wherever
 * they appear, as {@link Secrets#redact(String, java.util.Collection)} says, also where a server
 * echoes them in a body; URI patterns are masked too. A {@code user:password@} userinfo is sent as
 * HTTP Basic authentication.
 *
 * <p>Each probe owns one {@link HttpClient}, which runs on virtual threads and speaks HTTP/1.1
 * (a check is one small GET; on plain http this spares the h2c upgrade). Instances are immutable
 * and safe to use from several threads.
 */
public final class HttpProbe implements HealthProbe {

    /** The most bytes of a body the probe reads. */
    public static final int BODY_LIMIT = 1024;

    /** The most characters of the body shown in an unhealthy detail. */
    private static final int DETAIL_LIMIT = 200;

    private final String name;
    private final URI target;
    private final List<Map.Entry<String, String>> headers;
    private final BitSet expected;
    private final String expectedText;
    private final Duration timeout;
    private final List<String> secrets;
    private final HttpClient client;

    private HttpProbe(Builder builder, URI target, List<Map.Entry<String, String>> headers, List<String> secrets) {
        this.target = target;
        this.headers = List.copyOf(headers);
        this.secrets = List.copyOf(secrets);
        this.expected = builder.expected == null ? Builder.DEFAULT_EXPECTED : (BitSet) builder.expected.clone();
        this.expectedText = describe(expected);
        this.timeout = builder.timeout;
        this.name = redact(builder.name == null ? builder.uri.toString() : builder.name);
        // HTTP/1.1: a check is one small GET, and on plain http it spares the h2c upgrade.
        HttpClient.Builder client = HttpClient.newBuilder()
                .executor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("runner-http-probe-", 0).factory()))
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(builder.followRedirects ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER);
        if (timeout != null) {
            client.connectTimeout(timeout);
        }
        this.client = client.build();
    }

    /**
     * Creates a probe with the defaults: healthy on 200–399, redirects not followed, no headers
     * but the userinfo's Basic authentication, the caller's timeout.
     *
     * @param uri an http or https URI with a host, such as {@code http://127.0.0.1:8080/health}
     * @return the probe
     * @throws NullPointerException     if {@code uri} is null
     * @throws IllegalArgumentException if {@code uri} is malformed, not http or https, or has no
     *                                  host; the message masks any secret in it
     */
    public static HttpProbe of(String uri) {
        return builder(uri).build();
    }

    /**
     * Creates a probe with the defaults; see {@link #of(String)}.
     *
     * @param uri an http or https URI with a host
     * @return the probe
     * @throws NullPointerException     if {@code uri} is null
     * @throws IllegalArgumentException if {@code uri} is not http or https, or has no host
     */
    public static HttpProbe of(URI uri) {
        return builder(uri).build();
    }

    /**
     * Starts a builder for a probe of {@code uri}.
     *
     * @param uri an http or https URI with a host
     * @return the builder
     * @throws NullPointerException     if {@code uri} is null
     * @throws IllegalArgumentException if {@code uri} is malformed, not http or https, or has no
     *                                  host; the message masks any secret in it
     */
    public static Builder builder(String uri) {
        Objects.requireNonNull(uri, "http probe uri must not be null");
        try {
            return builder(new URI(uri));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("http probe uri is malformed: \"" + shown(uri) + "\"");
        }
    }

    /**
     * Starts a builder for a probe of {@code uri}.
     *
     * @param uri an http or https URI with a host
     * @return the builder
     * @throws NullPointerException     if {@code uri} is null
     * @throws IllegalArgumentException if {@code uri} is not http or https, or has no host
     */
    public static Builder builder(URI uri) {
        Objects.requireNonNull(uri, "http probe uri must not be null");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("http probe uri must be http or https: \""
                    + shown(uri.toString()) + "\"");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("http probe uri has no host: \"" + shown(uri.toString()) + "\"");
        }
        return new Builder(uri);
    }

    /** A URI fit for a message: its own secret values and URI patterns masked. */
    private static String shown(String uri) {
        return Secrets.redact(uri, Secrets.valuesIn(uri));
    }

    /**
     * Returns the probe's name: the masked URI, or the name given to the builder.
     *
     * @return the name; never contains a password or token
     */
    @Override
    public String name() {
        return name;
    }

    /**
     * Sends the GET and judges the first response by its status.
     *
     * @param timeout how long the check may take; the builder's timeout, when shorter, wins
     * @return up, with detail {@code HTTP 200}, when the status is expected; down, with a detail
     *         that gives the status and the start of the body, or says that no connection or no
     *         response came (or that the timeout was zero or negative), without any secret; the
     *         caller names the probe
     * @throws NullPointerException     if {@code timeout} is null
     * @throws InterruptedException     if the calling thread is interrupted while it waits; the
     *                                  exchange is cancelled
     */
    @Override
    public Health check(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative() || timeout.isZero()) {
            return Health.down("no time left for the check (timeout zero or negative)");
        }
        Duration bound = this.timeout != null && this.timeout.compareTo(timeout) < 0 ? this.timeout : timeout;
        HttpRequest.Builder request = HttpRequest.newBuilder(target).GET().timeout(bound);
        headers.forEach(header -> request.header(header.getKey(), header.getValue()));
        CompletableFuture<HttpResponse<byte[]>> exchange =
                client.sendAsync(request.build(), info -> new BoundedBody(BODY_LIMIT));
        try {
            return judge(exchange.get(bound.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return Health.down("no response within " + bound.toMillis() + " ms");
        } catch (ExecutionException e) {
            return Health.down(describe(e.getCause(), bound));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        }
    }

    /** Shows the name, the expected statuses and the header names; secret header values masked. */
    @Override
    public String toString() {
        return "HttpProbe[" + name + ", expect " + expectedText + ", headers "
                + headers.stream().map(h -> h.getKey() + ": " + Secrets.maskHeader(h.getKey(), redact(h.getValue())))
                        .collect(Collectors.joining(", ", "[", "]"))
                + "]";
    }

    private Health judge(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (expected.get(status)) {
            return new Health(true, "HTTP " + status);
        }
        String body = excerpt(response.body());
        return Health.down("HTTP " + status + " (expected " + expectedText + ")"
                + (body.isEmpty() ? "" : ": " + body));
    }

    /** The start of the body in one line, at most {@value #DETAIL_LIMIT} characters, masked. */
    private String excerpt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        String masked = redact(text);
        return masked.length() <= DETAIL_LIMIT ? masked : masked.substring(0, DETAIL_LIMIT) + "…";
    }

    private String describe(Throwable failure, Duration bound) {
        if (failure instanceof HttpConnectTimeoutException) {
            return "no connection within " + bound.toMillis() + " ms";
        }
        if (failure instanceof HttpTimeoutException) {
            return "no response within " + bound.toMillis() + " ms";
        }
        String what = failure instanceof ConnectException
                ? "cannot connect to " + target.getHost() + ":" + port()
                : "request failed";
        List<String> messages = new ArrayList<>();
        for (Throwable cause = failure; cause != null && messages.size() < 3; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && !message.isBlank() && !messages.contains(message)) {
                messages.add(message);
            }
        }
        String type = failure.getClass().getSimpleName();
        return redact(what + " (" + type + (messages.isEmpty() ? "" : ": " + String.join("; ", messages)) + ")");
    }

    /** The target's port, or the scheme's default. */
    private int port() {
        return target.getPort() >= 0 ? target.getPort() : target.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /** Masks every secret value this probe sends, and URI secrets and credentials by pattern. */
    private String redact(String text) {
        return Secrets.redact(text, secrets);
    }

    /** Writes a status set as ranges: {@code 200-399}, {@code 200, 204}. */
    private static String describe(BitSet statuses) {
        List<String> ranges = new ArrayList<>();
        for (int from = statuses.nextSetBit(0); from >= 0; ) {
            int to = statuses.nextClearBit(from) - 1;
            ranges.add(from == to ? Integer.toString(from) : from + "-" + to);
            from = statuses.nextSetBit(to + 1);
        }
        return String.join(", ", ranges);
    }

    /**
     * Configures an {@link HttpProbe}: expected statuses, headers, a timeout, redirects, a name.
     * Not thread-safe; every method returns this builder.
     */
    public static final class Builder {

        private static final BitSet DEFAULT_EXPECTED = new BitSet();

        static {
            DEFAULT_EXPECTED.set(200, 400);
        }

        private final URI uri;
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private BitSet expected;
        private Duration timeout;
        private boolean followRedirects;
        private String name;

        private Builder(URI uri) {
            this.uri = uri;
        }

        /**
         * Adds statuses that count as healthy. The first call replaces the default 200–399.
         *
         * @param statuses HTTP statuses, each 100–599
         * @return this builder
         * @throws IllegalArgumentException if none is given or one is outside 100–599
         */
        public Builder expectStatus(int... statuses) {
            Objects.requireNonNull(statuses, "statuses must not be null");
            if (statuses.length == 0) {
                throw new IllegalArgumentException("expectStatus needs at least one status");
            }
            for (int status : statuses) {
                expectStatusRange(status, status);
            }
            return this;
        }

        /**
         * Adds a range of statuses that count as healthy. The first call replaces the default
         * 200–399.
         *
         * @param from the lowest status, 100–599
         * @param to   the highest status, {@code from}–599
         * @return this builder
         * @throws IllegalArgumentException if the range is empty or outside 100–599
         */
        public Builder expectStatusRange(int from, int to) {
            if (from < 100 || to > 599 || from > to) {
                throw new IllegalArgumentException("expected statuses must be within 100-599, from <= to: "
                        + from + "-" + to);
            }
            if (expected == null) {
                expected = new BitSet();
            }
            expected.set(from, to + 1);
            return this;
        }

        /**
         * Adds a request header, such as {@code Authorization}; values of secret headers are never
         * shown.
         *
         * @param name  the header name
         * @param value the value
         * @return this builder
         * @throws NullPointerException     if an argument is null
         * @throws IllegalArgumentException if the JDK's client does not allow the header (such as
         *                                  {@code Host}) or its value; the message has no value
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "header name must not be null");
            Objects.requireNonNull(value, "header value must not be null");
            try {
                HttpRequest.newBuilder(URI.create("http://localhost/")).header(name, value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("header \"" + Secrets.mask(name) + "\" is not allowed "
                        + "by java.net.http.HttpClient (restricted name, or an invalid name or value)");
            }
            headers.add(Map.entry(name, value));
            return this;
        }

        /**
         * Sets the longest a check may take, also when the caller allows more; it bounds the
         * connect too. Without it, the caller's timeout alone bounds a check.
         *
         * @param timeout the bound
         * @return this builder
         * @throws NullPointerException     if {@code timeout} is null
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout must not be null");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Sets whether redirects are followed (except from https to http); by default they are
         * not, and the first response decides.
         *
         * @param follow whether to follow
         * @return this builder
         */
        public Builder followRedirects(boolean follow) {
            this.followRedirects = follow;
            return this;
        }

        /**
         * Sets the name for logs and health reports, instead of the masked URI; secrets in it
         * are masked too.
         *
         * @param name the name, such as {@code payments-api}
         * @return this builder
         * @throws NullPointerException     if {@code name} is null
         * @throws IllegalArgumentException if {@code name} is blank
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name must not be null");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
            return this;
        }

        /**
         * Builds the probe and its HTTP client. A {@code user:password@} userinfo becomes a Basic
         * {@code Authorization} header (unless one was added) and leaves the request URI.
         *
         * @return the probe
         */
        public HttpProbe build() {
            List<Map.Entry<String, String>> sent = new ArrayList<>(headers);
            List<String> secrets = new ArrayList<>(Secrets.valuesIn(uri.toString()));
            for (Map.Entry<String, String> header : headers) {
                if (Secrets.isSecretHeader(header.getKey())) {
                    secrets.add(header.getValue());
                    int space = header.getValue().indexOf(' ');
                    if (space > 0 && space < header.getValue().length() - 1) {
                        secrets.add(header.getValue().substring(space + 1).strip()); // the token alone
                    }
                }
            }
            URI target = uri;
            String userInfo = uri.getRawUserInfo();
            if (userInfo != null) {
                target = withoutUserInfo(uri);
                String decoded = uri.getUserInfo();
                boolean hasAuthorization = headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase("Authorization"));
                if (!hasAuthorization) {
                    String basic = Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8));
                    sent.add(Map.entry("Authorization", "Basic " + basic));
                    secrets.add(basic);
                }
            }
            return new HttpProbe(this, target, sent, secrets);
        }

        /** The same URI with the userinfo left out; path and query kept as written (encoded). */
        private static URI withoutUserInfo(URI uri) {
            String authority = uri.getRawAuthority();
            String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
            return URI.create(uri.getScheme() + "://" + hostAndPort
                    + (uri.getRawPath() == null ? "" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        }
    }
}
