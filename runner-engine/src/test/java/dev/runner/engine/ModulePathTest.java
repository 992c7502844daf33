package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine works on the module path: an application module that {@code requires dev.runner}
 * gets the engine through {@code uses}/{@code provides} without naming it.
 */
class ModulePathTest {

    @Test
    void applicationModuleRunsServicesWithTheEngineFoundOnTheModulePath(@TempDir Path dir) throws Exception {
        Path api = ChildJvm.apiClasses();
        Path engine = ChildJvm.engineClasses();
        Path app = ChildJvm.compile(dir,
                Map.of("module-info.java", DemoApp.MODULE_INFO, "app/Main.java", DemoApp.MAIN),
                List.of("--module-path", api.toString()));
        String modulePath = ChildJvm.pathList(app, api, engine,
                ChildJvm.classPathEntry("slf4j-api-"), ChildJvm.classPathEntry("slf4j-simple-"));

        ChildJvm.Result result = ChildJvm.run(dir, List.of("--module-path", modulePath, "-m", "app/app.Main"));

        assertEquals(0, result.exitCode(), "stdout:\n" + result.stdout() + "\nstderr:\n" + result.stderr());
        List<String> lines = result.stdout().lines().toList();
        assertTrue(lines.containsAll(DemoApp.EXPECTED_LINES), "stdout:\n" + result.stdout() + "\nstderr:\n" + result.stderr());
        assertTrue(lines.contains("api module: dev.runner"), result.stdout());
        assertTrue(lines.contains("engine module: dev.runner.engine"), result.stdout());
    }
}
