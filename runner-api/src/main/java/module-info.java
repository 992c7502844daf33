/**
 * The Runner API: run the services of one application as a supervised group.
 *
 * <p>This module has no dependency but the JDK. The engine behind {@link dev.runner.Runner#create}
 * and the health-probe plugins behind {@link dev.runner.HealthProbe#of} are found with
 * {@link java.util.ServiceLoader}: add {@code runner-engine} and any plugin jars to the module path
 * or the class path.
 */
module dev.runner {
    exports dev.runner;
    exports dev.runner.spi;

    uses dev.runner.spi.RunnerProvider;
    uses dev.runner.spi.HealthProbeFactory;
}
