package dev.runner.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Added by jar": the same module-path application, run with and without this plugin on
 * {@code --module-path}, finds the probe in the first run and fails with the unknown-scheme error
 * in the second. The application never names the plugin.
 */
class PluginOnModulePathTest {

    @Test
    void probeIsFoundWhenThePluginIsOnTheModulePathAndUnknownWhenItIsNot(@TempDir Path directory) throws Exception {
        Path plugin = ModulePathApp.locationOf(HttpProbe.class);
        assertTrue(Files.exists(plugin.resolve("module-info.class")) || plugin.toString().endsWith(".jar"),
                "the plugin was built as a module: " + plugin);
        ModulePathApp app = ModulePathApp.compile(directory);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/health", exchange -> {
            try (exchange) {
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/health?token=s3cret-t0ken";

            ModulePathApp.Run withPlugin = app.run(List.of(plugin), List.of(), url);
            ModulePathApp.Run without = app.run(List.of(), List.of(), url);

            assertEquals(0, withPlugin.exitCode(), withPlugin.output());
            assertTrue(withPlugin.output().contains("PROBE http://127.0.0.1:" + server.getAddress().getPort()
                    + "/health?token=*** from dev.runner.plugins.http"), withPlugin.output());
            assertTrue(withPlugin.output().contains("HEALTH true HTTP 204"), withPlugin.output());
            assertEquals(2, without.exitCode(), without.output());
            assertTrue(without.output().contains("ERROR no health probe plugin for scheme \"http\" "
                    + "(installed schemes: none)"), without.output());
            for (String output : List.of(withPlugin.output(), without.output())) {
                assertFalse(output.contains("s3cret-t0ken"), output);
            }
        } finally {
            server.stop(0);
        }
    }
}
