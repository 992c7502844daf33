package dev.runner.engine;

import dev.runner.ServiceEvent;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A listener that counts the {@link ServiceEvent}s a runner delivers, by type, and keeps nothing
 * else: a soak of hours does not grow the heap through it.
 */
final class EventCounts implements Consumer<ServiceEvent> {

    private final Map<Class<?>, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void accept(ServiceEvent event) {
        counts.computeIfAbsent(event.getClass(), type -> new LongAdder()).increment();
    }

    /** Returns how many events of that type came so far. */
    long of(Class<? extends ServiceEvent> type) {
        LongAdder count = counts.get(type);
        return count == null ? 0 : count.sum();
    }

    /** Returns the counts so far by the simple name of the type, sorted by name. */
    Map<String, Long> all() {
        Map<String, Long> all = new TreeMap<>();
        counts.forEach((type, count) -> all.put(type.getSimpleName(), count.sum()));
        return all;
    }
}
