package io.gitopsflow.spec.pipeline;

import java.util.List;
import java.util.stream.Collectors;

/** The pipeline files are not valid: every error found, each with its file and line. */
public class PipelineException extends RuntimeException {

    private final transient List<PipelineError> errors;

    public PipelineException(List<PipelineError> errors) {
        super(errors.stream().map(PipelineError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<PipelineError> errors() {
        return errors;
    }
}
