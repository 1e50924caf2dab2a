package io.gitopsflow.spec.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * One application (or a group of them) as its pipeline file declares it: a Warehouse and ordered Stages.
 *
 * @param name the pipeline's name, a DNS label; the {@code project} of every event
 * @param file the file it was read from, for error messages and the API
 * @param warehouse where its Freight comes from
 * @param stages the stages, in order: a stage's upstream stages come before it
 */
public record Pipeline(String name, String file, Warehouse warehouse, List<Stage> stages) {

    public Pipeline {
        stages = List.copyOf(stages);
    }

    /** The stage named {@code stage}, if the pipeline has it. */
    public Optional<Stage> stage(String stage) {
        return stages.stream().filter(s -> s.name().equals(stage)).findFirst();
    }
}
