/**
 * The Runner engine: schedules starts on virtual threads as the dependency graph allows,
 * supervises and restarts services, and stops them in reverse order. It exports nothing; users
 * reach it through {@code dev.runner.Runner#create}.
 */
module dev.runner.engine {
    requires dev.runner;
    requires org.slf4j;

    provides dev.runner.spi.RunnerProvider with dev.runner.engine.EngineRunnerProvider;
}
