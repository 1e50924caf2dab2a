package io.gitopsflow.console.service;

/** The read model could not be read (the database is away): the answer is a 503, and the caller may try again. */
public class ReadModelUnavailableException extends RuntimeException {

    public ReadModelUnavailableException(Throwable cause) {
        super("the read model cannot be read now: " + cause.getMessage(), cause);
    }
}
