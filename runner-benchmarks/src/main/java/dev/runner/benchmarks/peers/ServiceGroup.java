package dev.runner.benchmarks.peers;

/**
 * One way of running a workload's services as a group: Runner itself or one of its peers. A group
 * is started at most once and stopped at most once; a second {@code stop} does nothing.
 */
public interface ServiceGroup {

    /**
     * Starts every service, each after its dependencies, and returns once all are up.
     *
     * @throws Exception if a service failed to start
     */
    void start() throws Exception;

    /**
     * Stops every started service, each after what depends on it, and returns once all are down.
     *
     * @throws Exception if a service failed to stop
     */
    void stop() throws Exception;

    /**
     * Checks every service now and returns what the group reports of their health.
     *
     * @return the group's own health report, whatever its type
     * @throws Exception if the check itself failed
     */
    Object health() throws Exception;
}
