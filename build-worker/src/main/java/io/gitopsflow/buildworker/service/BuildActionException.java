package io.gitopsflow.buildworker.service;

/** A request the service refuses, with the HTTP status that says why (400, 404, 409) and the reason. */
public class BuildActionException extends RuntimeException {

    private final int status;

    public BuildActionException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
