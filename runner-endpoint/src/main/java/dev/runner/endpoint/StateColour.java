package dev.runner.endpoint;

import dev.runner.ServiceStatus;

/**
 * The colour that shows a service's state, the same in the dependency graph and on the status
 * page: green when running and healthy, orange when running but failing its checks, yellow while
 * on its way up, grey when stopped or not started, red when failed.
 */
final class StateColour {

    private StateColour() {
    }

    /** Returns the fill colour, as {@code #rrggbb}, for what supervision last saw of a service. */
    static String of(ServiceStatus service) {
        return switch (service.state()) {
            case NEW -> "#e5e7eb";
            case WAITING, STARTING -> "#fde68a";
            case RUNNING -> service.healthy() ? "#86efac" : "#fdba74";
            case BACKING_OFF -> "#fcd34d";
            case STOPPING, STOPPED -> "#d1d5db";
            case FAILED -> "#fca5a5";
        };
    }

    /** Returns the state as a short phrase: the state's name, and "unhealthy" when it runs but fails its checks. */
    static String describe(ServiceStatus service) {
        return switch (service.state()) {
            case RUNNING -> service.healthy() ? "RUNNING" : "RUNNING, unhealthy";
            default -> service.state().name();
        };
    }
}
