package io.gitopsflow.spec.analysis.condition;

/** A condition that does not parse, or that cannot be evaluated on a measured value: the measurement is an Error. */
public class ConditionException extends RuntimeException {

    public ConditionException(String message, Throwable cause) {
        super(message, cause);
    }

    public ConditionException(String message) {
        super(message);
    }
}
