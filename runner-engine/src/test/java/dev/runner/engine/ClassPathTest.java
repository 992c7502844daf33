package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine works on the class path too, found through its {@code META-INF/services} entry. */
class ClassPathTest {

    @Test
    void applicationOnTheClassPathRunsServicesWithTheEngineFoundThroughMetaInfServices(@TempDir Path dir)
            throws Exception {
        Path api = ChildJvm.apiClasses();
        Path engine = ChildJvm.engineClasses();
        Path app = ChildJvm.compile(dir, Map.of("app/Main.java", DemoApp.MAIN), List.of("-classpath", api.toString()));
        String classPath = ChildJvm.pathList(app, api, engine,
                ChildJvm.classPathEntry("slf4j-api-"), ChildJvm.classPathEntry("slf4j-simple-"));

        ChildJvm.Result result = ChildJvm.run(dir, List.of("-cp", classPath, "app.Main"));

        assertEquals(0, result.exitCode(), "stdout:\n" + result.stdout() + "\nstderr:\n" + result.stderr());
        List<String> lines = result.stdout().lines().toList();
        assertTrue(lines.containsAll(DemoApp.EXPECTED_LINES), "stdout:\n" + result.stdout() + "\nstderr:\n" + result.stderr());
        assertTrue(lines.contains("api module: null"), "the API is in the unnamed module: " + result.stdout());
        assertTrue(lines.contains("engine module: null"), "the engine is in the unnamed module: " + result.stdout());
    }
}
