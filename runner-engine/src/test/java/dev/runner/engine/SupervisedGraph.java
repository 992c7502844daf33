package dev.runner.engine;

import dev.runner.Option;
import dev.runner.RestartConfig;
import dev.runner.RestartPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A {@link RandomGraph}'s dependencies with supervision on top, made from a seed so a failing case
 * can be replayed: some dependency edges are {@code bindsTo}, some services are critical, and a
 * list of services whose running instance the test makes exit with a failure, in turn.
 *
 * <p>A service that is not critical restarts on every failure without limit, so only a critical
 * service can give up: after its first failure with {@code NEVER}, or once its retries are used up.
 *
 * @param seed    the seed it was made from
 * @param members the services, in the order they are added to the runner
 * @param exits   the services to make exit, in order; a service may come more than once
 */
record SupervisedGraph(long seed, List<Member> members, List<String> exits) {

    /**
     * One service.
     *
     * @param name       its name
     * @param dependsOn  the services it only waits for
     * @param bindsTo    the services it waits for and is restarted with
     * @param critical   whether giving up on it fails the runner
     * @param policy     its restart policy: {@code NEVER} or {@code ON_FAILURE} when critical,
     *                   otherwise {@code ON_FAILURE} or {@code ALWAYS}
     * @param maxRetries its retry limit; 0, unlimited, for a service that is not critical
     */
    record Member(String name, List<String> dependsOn, List<String> bindsTo, boolean critical,
                  RestartPolicy policy, int maxRetries) {

        /** Returns the options to add it with. */
        Option[] options() {
            List<Option> options = new ArrayList<>();
            if (!dependsOn.isEmpty()) {
                options.add(Option.dependsOn(dependsOn.toArray(String[]::new)));
            }
            if (!bindsTo.isEmpty()) {
                options.add(Option.bindsTo(bindsTo.toArray(String[]::new)));
            }
            if (critical) {
                options.add(Option.critical());
            }
            options.add(Option.restartConfig(RestartConfig.defaults().withPolicy(policy).withMaxRetries(maxRetries)
                    .withBackoff(Duration.ofMillis(1), Duration.ofMillis(5), 2.0).withJitter(false)));
            options.add(Option.healthCheck(Duration.ofHours(1), Duration.ofSeconds(5)));
            return options.toArray(Option[]::new);
        }

        /** Tells how many failures of its own it takes for it to give up. */
        int failuresToGiveUp() {
            return policy == RestartPolicy.NEVER ? 1 : maxRetries + 1;
        }
    }

    /** Makes a graph of up to {@code maxServices} services from {@code seed}. */
    static SupervisedGraph generate(long seed, int maxServices) {
        RandomGraph graph = RandomGraph.generate(seed, maxServices);
        Random random = new Random(~seed);
        double bindChance = random.nextDouble();
        double criticalChance = random.nextDouble() * 0.4;
        List<Member> members = new ArrayList<>();
        for (RandomGraph.Node node : graph.nodes()) {
            List<String> dependsOn = new ArrayList<>();
            List<String> bindsTo = new ArrayList<>();
            for (String dependency : node.dependsOn()) {
                (random.nextDouble() < bindChance ? bindsTo : dependsOn).add(dependency);
            }
            boolean critical = random.nextDouble() < criticalChance;
            RestartPolicy policy = critical
                    ? random.nextBoolean() ? RestartPolicy.NEVER : RestartPolicy.ON_FAILURE
                    : random.nextBoolean() ? RestartPolicy.ON_FAILURE : RestartPolicy.ALWAYS;
            int maxRetries = critical && policy == RestartPolicy.ON_FAILURE ? 1 + random.nextInt(2) : 0;
            members.add(new Member(node.name(), List.copyOf(dependsOn), List.copyOf(bindsTo), critical, policy, maxRetries));
        }
        List<String> exits = new ArrayList<>();
        int count = 1 + random.nextInt(6);
        for (int i = 0; i < count; i++) {
            exits.add(members.get(random.nextInt(members.size())).name());
        }
        return new SupervisedGraph(seed, List.copyOf(members), List.copyOf(exits));
    }

    /** Returns the member of that name. */
    Member member(String name) {
        return members.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name + " in " + this));
    }

    /** Tells whether some service is bound to another. */
    boolean hasBindings() {
        return members.stream().anyMatch(m -> !m.bindsTo().isEmpty());
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("supervised graph of seed " + seed + ", " + members.size() + " services:\n");
        for (Member m : members) {
            text.append("  ").append(m.name()).append(" <- ").append(m.dependsOn())
                    .append(m.bindsTo().isEmpty() ? "" : " bindsTo " + m.bindsTo())
                    .append(m.critical() ? " critical" : "")
                    .append(' ').append(m.policy()).append(m.maxRetries() == 0 ? "" : " max " + m.maxRetries())
                    .append('\n');
        }
        return text.append("  exits: ").append(exits).append('\n').toString();
    }
}
