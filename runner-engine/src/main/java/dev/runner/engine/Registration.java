package dev.runner.engine;

import dev.runner.Service;
import dev.runner.ServiceConfig;

/**
 * A service as added to a runner: its name read once, at {@code add}, so a {@code name()} that
 * later changes or throws cannot confuse the engine.
 *
 * @param name    the service's name when it was added
 * @param service the service
 * @param config  its configuration
 */
record Registration(String name, Service service, ServiceConfig config) {
}
