package dev.runner.benchmarks;

import dev.runner.benchmarks.workload.Workloads;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * W8 first start in a fresh JVM: launches a new JVM per shot, each running {@link FirstStartShot}
 * once, for Runner, bare virtual threads and Guava's ServiceManager on W1's graph and on the
 * 20-service application graph. A JMH fork would not do: its harness has loaded and warmed much of
 * the JDK that an application's first start pays for. The children run with this JVM's own
 * {@code java} and class path and no other option, so what they load is what a plain
 * {@code java -cp app.jar Main} loads (the benchmarks jar logs through slf4j-simple, at ERROR).
 *
 * <p>Each shot gives these figures: the first start (from {@code Runner.create} to {@code start}
 * returning, timed inside the child, so the JVM's own start-up is not in it); the part of it spent
 * making the group, before {@code start} (creating the runner and adding the services); the SLF4J
 * set-up the child does before its timer (see {@link FirstStartShot}); the whole
 * application (from just before this process launched the child to {@code start} returning, by
 * the wall clock); and the JVM's start-up alone (launch to {@code main}). The contenders take
 * turns, one shot each per round, so a slow patch of a shared machine hits all of them.
 *
 * <p>On JDK 25 and later it measures Runner and bare virtual threads again with the JDK's
 * ahead-of-time cache: one training run per configuration with {@code -XX:AOTCacheOutput}, then
 * every shot with {@code -XX:AOTCache} and {@code -XX:AOTMode=on} (which fails rather than runs
 * without the cache).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.runner.benchmarks.FirstStartMeasurement
 * [--jvms 10] [--wide-services 1000] [--aot-contenders runner,virtualThreads] [--no-aot]
 * [--work-dir dir] [--out file.json]}. Writes a JSON
 * array, one object per configuration with every shot's figures in ms, and a line per
 * configuration to standard output. Throws if a child fails.
 */
public final class FirstStartMeasurement {

    private static final Pattern LINE = Pattern.compile("first-start \\{(.*)}");
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\": (\\d+)");
    private static final List<String> CONTENDERS = List.of("runner", "virtualThreads", "guava");
    private static final List<String> WORKLOADS = List.of("wide", "application");
    private static final int FIRST_JDK_WITH_AOT_CACHE_OUTPUT = 25;

    private FirstStartMeasurement() {
    }

    /** One configuration measured: its shots' figures in ms, in the order they were taken. */
    private record Configuration(String contender, String workload, int services, Path aotCache,
                                 List<Double> firstStart, List<Double> make, List<Double> logging,
                                 List<Double> launchToStarted, List<Double> launchToMain) {

        Configuration(String contender, String workload, int services, Path aotCache) {
            this(contender, workload, services, aotCache, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>(), new ArrayList<>());
        }

        String json() {
            return String.format(Locale.ROOT, "{\"contender\": \"%s\", \"workload\": \"%s\", \"services\": %d, "
                            + "\"aotCache\": %b, \"firstStartMillis\": %s, \"makeMillis\": %s, "
                            + "\"loggingMillis\": %s, \"launchToStartedMillis\": %s, \"launchToMainMillis\": %s}",
                    contender, workload, services, aotCache != null, array(firstStart), array(make), array(logging),
                    array(launchToStarted), array(launchToMain));
        }

        String summary() {
            return String.format(Locale.ROOT, "%-15s %-12s %-9s first start median %6.1f ms (making the group "
                            + "%5.1f ms), max %6.1f ms; launch to main %6.1f ms, SLF4J set-up before %5.1f ms, "
                            + "launch to started %6.1f ms (medians)",
                    contender, workload, aotCache != null ? "AOT cache" : "", median(firstStart), median(make),
                    max(firstStart), median(launchToMain), median(logging), median(launchToStarted));
        }
    }

    /**
     * Measures every configuration and writes the results.
     *
     * @param args {@code [--jvms n] [--wide-services n] [--aot-contenders a,b] [--no-aot] [--work-dir dir]
     *             [--out file.json]}
     * @throws Exception if a child JVM fails or prints no result, or the file cannot be written
     */
    public static void main(String[] args) throws Exception {
        int jvms = 10;
        int wideServices = 1000;
        boolean aot = Runtime.version().feature() >= FIRST_JDK_WITH_AOT_CACHE_OUTPUT;
        Path workDir = Path.of("target", "first-start");
        Path out = null;
        List<String> aotContenders = List.of("runner", "virtualThreads");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jvms" -> jvms = Integer.parseInt(args[++i]);
                case "--wide-services" -> wideServices = Integer.parseInt(args[++i]);
                case "--aot-contenders" -> aotContenders = List.of(args[++i].split(","));
                case "--no-aot" -> aot = false;
                case "--work-dir" -> workDir = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Files.createDirectories(workDir);
        if (Runtime.version().feature() < FIRST_JDK_WITH_AOT_CACHE_OUTPUT) {
            System.out.println("JDK " + Runtime.version().feature() + ": no -XX:AOTCacheOutput before JDK 25, "
                    + "the ahead-of-time cache is not measured");
        }

        List<Configuration> configurations = new ArrayList<>();
        for (String workload : WORKLOADS) {
            int services = workload.equals("wide") ? wideServices : Workloads.APPLICATION_SIZE;
            for (String contender : CONTENDERS) {
                configurations.add(new Configuration(contender, workload, services, null));
            }
            if (aot) {
                for (String contender : aotContenders) {
                    Path cache = workDir.resolve(contender + "-" + workload + ".aot");
                    Files.deleteIfExists(cache);
                    // The training run: the same shot, recorded into the cache as the JVM exits.
                    run(List.of("-XX:AOTCacheOutput=" + cache), contender, workload, services);
                    configurations.add(new Configuration(contender, workload, services, cache));
                }
            }
        }
        for (int round = 0; round < jvms; round++) {
            for (Configuration c : configurations) {
                List<String> options = c.aotCache() == null ? List.of()
                        : List.of("-XX:AOTCache=" + c.aotCache(), "-XX:AOTMode=on");
                double[] shot = run(options, c.contender(), c.workload(), c.services());
                c.logging().add(shot[0]);
                c.make().add(shot[1]);
                c.firstStart().add(shot[2]);
                c.launchToStarted().add(shot[3]);
                c.launchToMain().add(shot[4]);
            }
        }
        List<String> results = new ArrayList<>();
        for (Configuration c : configurations) {
            System.out.println(c.summary());
            results.add(c.json());
        }
        if (out != null) {
            JsonResults.write(out, results);
        }
    }

    /**
     * Runs one shot in a new JVM and returns, in ms: the logging set-up before it, the making of its
     * group, its first start (which includes the making), its launch to started and its launch to
     * main.
     */
    private static double[] run(List<String> jvmOptions, String contender, String workload, int services)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaCommand());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FirstStartShot.class.getName(),
                contender, workload, Integer.toString(services)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Instant launched = Instant.now();
        Process process = builder.start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int exit = process.waitFor();
        Matcher line = LINE.matcher(output);
        if (exit != 0 || !line.find()) {
            throw new IllegalStateException("shot failed (exit " + exit + "): " + String.join(" ", command) + "\n" + output);
        }
        Map<String, Long> fields = new HashMap<>();
        for (Matcher field = FIELD.matcher(line.group(1)); field.find(); ) {
            fields.put(field.group(1), Long.parseLong(field.group(2)));
        }
        long launchedMicros = FirstStartShot.epochMicros(launched);
        return new double[] {
            fields.get("loggingNanos") / 1e6,
            fields.get("makeNanos") / 1e6,
            fields.get("firstStartNanos") / 1e6,
            (fields.get("startedEpochMicros") - launchedMicros) / 1e3,
            (fields.get("mainEpochMicros") - launchedMicros) / 1e3,
        };
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static String array(List<Double> values) {
        List<String> texts = new ArrayList<>(values.size());
        for (double v : values) {
            texts.add(String.format(Locale.ROOT, "%.3f", v));
        }
        return "[" + String.join(", ", texts) + "]";
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
