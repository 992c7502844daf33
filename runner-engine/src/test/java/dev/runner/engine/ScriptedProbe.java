package dev.runner.engine;

import dev.runner.Health;
import dev.runner.HealthProbe;
import java.time.Duration;

/**
 * An in-process {@link HealthProbe} whose results come from a {@link HealthScript}; each check is
 * recorded in an {@link EventLog} as a {@link Event.Kind#HEALTH} event of the probe's name, with
 * the detail a {@link TestService} would write.
 */
final class ScriptedProbe implements HealthProbe {

    private final String name;
    private final HealthScript script;
    private final EventLog log;

    ScriptedProbe(String name, HealthScript script, EventLog log) {
        this.name = name;
        this.script = script;
        this.log = log;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Health check(Duration timeout) {
        Health result = script.next();
        log.add(name, 0, Event.Kind.HEALTH, result.healthy() ? "up" : "down: " + result.detail());
        return result;
    }

    @Override
    public String toString() {
        return name;
    }
}
