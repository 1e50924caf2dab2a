package io.gitopsflow.console.service;

/** A replay that cannot start: its schema already holds a read model, or another replay is running. */
public class ReplayRefused extends RuntimeException {

    public ReplayRefused(String reason) {
        super(reason);
    }
}
