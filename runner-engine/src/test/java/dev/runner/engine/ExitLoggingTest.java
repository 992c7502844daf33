package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md, Conventions: the engine logs with the service name in the MDC key {@code service},
 * also what it logs on a thread of the service's own, when the service reports its exit there.
 * Seen in a JVM of its own with an SLF4J provider that prints the MDC (see {@link MdcRecordingApp}).
 */
class ExitLoggingTest {

    /** One line the child's provider printed. */
    private record LogLine(String level, String thread, String service, String message, String throwable) {

        static LogLine parse(String line) {
            String[] parts = line.split("\\|", 6);
            return new LogLine(parts[1], parts[2], parts[3].substring("service=".length()), parts[4], parts[5]);
        }

        boolean isAbout(String service, String cause) {
            return message.contains(service) || message.contains(cause) || throwable.contains(cause);
        }
    }

    @Test
    void exitReportedFromAUserThreadIsLoggedWithTheServiceInTheMdc(@TempDir Path dir) throws Exception {
        Path api = ChildJvm.apiClasses();
        Path engine = ChildJvm.engineClasses();
        Path slf4j = ChildJvm.classPathEntry("slf4j-api-");
        Path app = ChildJvm.compile(dir, Map.of("app/Main.java", MdcRecordingApp.MAIN,
                        "app/RecordingProvider.java", MdcRecordingApp.PROVIDER),
                List.of("-classpath", ChildJvm.pathList(api, slf4j)));

        ChildJvm.Result result = ChildJvm.run(dir, List.of("-Dslf4j.provider=app.RecordingProvider",
                "-cp", ChildJvm.pathList(app, api, engine, slf4j), "app.Main"));

        String output = "stdout:\n" + result.stdout() + "\nstderr:\n" + result.stderr();
        assertEquals(0, result.exitCode(), output);
        List<String> lines = result.stdout().lines().toList();
        assertTrue(lines.contains("done"), output);
        List<LogLine> logged = lines.stream().filter(line -> line.startsWith("log|")).map(LogLine::parse).toList();
        assertTrue(logged.stream().anyMatch(l -> l.message().equals("self check") && l.service().equals("self-check")),
                "the child's provider prints the MDC; " + output);

        List<LogLine> aboutTheExit = logged.stream()
                .filter(l -> l.isAbout(MdcRecordingApp.SERVICE, MdcRecordingApp.CRASH)).toList();
        assertTrue(aboutTheExit.stream().anyMatch(l -> l.message().contains(MdcRecordingApp.CRASH)
                        || l.throwable().contains(MdcRecordingApp.CRASH)),
                "the failure is logged with its cause; " + output);
        for (LogLine line : aboutTheExit) {
            assertEquals(MdcRecordingApp.SERVICE, line.service(), "logged without the service in the MDC: " + line + "\n" + output);
        }
        assertTrue(lines.contains("user thread MDC after exited: null"),
                "the engine must not leave its key in the user thread's MDC; " + output);
    }
}
