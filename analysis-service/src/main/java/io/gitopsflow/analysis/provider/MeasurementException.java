package io.gitopsflow.analysis.provider;

/** A measurement that could not be taken; its message is stored with the Error measurement. */
public class MeasurementException extends RuntimeException {

    public MeasurementException(String message) {
        super(message);
    }

    public MeasurementException(String message, Throwable cause) {
        super(message, cause);
    }
}
