package dev.runner.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDBC plugin in a named module on the module path: {@code DriverManager.getConnection},
 * called from module {@code dev.runner.plugins.jdbc}, finds a driver that is an automatic module
 * and one that is on the class path; without the plugin, the unknown-scheme error.
 */
class PluginOnModulePathTest {

    private static final String H2_URL = "jdbc:h2:mem:runner-module-path;USER=sa;PASSWORD=h2-S3cret-pw";

    @TempDir
    static Path directory;

    private static ModulePathApp app;
    private static Path plugin;
    private static Path h2;

    @BeforeAll
    static void compileTheApplication() throws Exception {
        plugin = ModulePathApp.locationOf(JdbcProbe.class);
        assertTrue(Files.exists(plugin.resolve("module-info.class")) || plugin.toString().endsWith(".jar"),
                "the plugin was built as a module: " + plugin);
        h2 = ModulePathApp.locationOf(org.h2.Driver.class);
        app = ModulePathApp.compile(directory);
    }

    @Test
    void driverThatIsAnAutomaticModuleIsFound() throws Exception {
        ModulePathApp.Run run = app.run(List.of(plugin, h2), List.of(), H2_URL);

        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("from dev.runner.plugins.jdbc"), run.output());
        assertTrue(run.output().contains("HEALTH true up"), run.output());
        assertTrue(run.output().contains("PASSWORD=***"), run.output());
    }

    @Test
    void driverOnTheClassPathIsFound() throws Exception {
        ModulePathApp.Run run = app.run(List.of(plugin), List.of(h2), H2_URL);

        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("HEALTH true up"), run.output());
    }

    @Test
    void withoutTheDriverTheProbeSaysToAddItsJar() throws Exception {
        ModulePathApp.Run run = app.run(List.of(plugin), List.of(), H2_URL);

        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("HEALTH false no JDBC driver accepts this URL"), run.output());
    }

    @Test
    void withoutThePluginTheSchemeIsUnknown() throws Exception {
        ModulePathApp.Run run = app.run(List.of(h2), List.of(), H2_URL);

        assertEquals(2, run.exitCode(), run.output());
        assertTrue(run.output().contains("ERROR no health probe plugin for scheme \"jdbc\" (installed schemes: none)"),
                run.output());
        assertFalse(run.output().contains("h2-S3cret-pw"), run.output());
    }
}
