package dev.runner.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes the results of the measurements that are mains, not JMH benchmarks, as a JSON array. */
final class JsonResults {

    private JsonResults() {
    }

    /**
     * Writes the objects as one JSON array, one object a line, creating the file's directory.
     *
     * @param out     the file, replaced if it exists
     * @param objects each a JSON object's text
     * @throws IllegalStateException if the file cannot be written
     */
    static void write(Path out, List<String> objects) {
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, "[\n  " + String.join(",\n  ", objects) + "\n]\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + out, e);
        }
    }
}
