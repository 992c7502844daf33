package dev.runner.engine;

/**
 * Owns how the engine makes threads: every lifecycle, health and timer thread is a virtual thread
 * named {@code <runner>/<service>/<call>}, so a thread dump shows whose call is stuck.
 */
final class Threads {

    private Threads() {
    }

    /** Starts a virtual thread running {@code task}, named {@code <owner>/<call>}. */
    static Thread start(String owner, String call, Runnable task) {
        return Thread.ofVirtual().name(owner + "/" + call).start(task);
    }
}
