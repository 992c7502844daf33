/**
 * The HTTP health probe: {@link dev.runner.http.HttpProbe}, a GET with the JDK's
 * {@link java.net.http.HttpClient}, and the factory that serves the {@code http} and
 * {@code https} schemes to {@link dev.runner.HealthProbe#of}.
 */
package dev.runner.http;
