package dev.runner.engine;

import java.util.ArrayList;
import java.util.List;

/** Looks through an exception's cause chain. */
final class Causes {

    private Causes() {
    }

    /** Returns the throwable and its causes, outermost first. */
    static List<Throwable> chain(Throwable thrown) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = thrown; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** Tells whether {@code cause} is the throwable or one of its causes (by identity). */
    static boolean contains(Throwable thrown, Throwable cause) {
        return chain(thrown).stream().anyMatch(t -> t == cause);
    }

    /** Tells whether a message in the chain contains {@code text}. */
    static boolean mentions(Throwable thrown, String text) {
        return chain(thrown).stream().anyMatch(t -> t.getMessage() != null && t.getMessage().contains(text));
    }

    /** Returns every message in the chain, for failure messages. */
    static String describe(Throwable thrown) {
        StringBuilder text = new StringBuilder();
        for (Throwable t : chain(thrown)) {
            text.append(text.isEmpty() ? "" : " <- ").append(t);
        }
        return text.toString();
    }
}
