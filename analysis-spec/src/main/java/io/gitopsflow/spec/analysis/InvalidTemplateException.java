package io.gitopsflow.spec.analysis;

import java.util.List;
import java.util.stream.Collectors;

/** A template file that cannot be used, with every problem found in it. */
public class InvalidTemplateException extends RuntimeException {

    private final transient List<TemplateProblem> problems;

    public InvalidTemplateException(List<TemplateProblem> problems) {
        super(problems.stream().map(TemplateProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<TemplateProblem> problems() {
        return problems;
    }
}
