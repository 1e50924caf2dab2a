package io.gitopsflow.console.api;

import java.time.Instant;
import java.util.List;

/**
 * A pipeline's DORA metrics over a window: for the pipeline (its last stages together) and for each stage.
 * docs/console/dora.md maps each figure to the flow.
 *
 * @param pipeline the pipeline
 * @param window the window asked for: 7d, 30d or 90d
 * @param from the window's start
 * @param to the window's end: when the answer was computed
 * @param lastStages the stages the pipeline's figures are counted in: no other stage lists them as upstream
 * @param lastStagesFrom {@code definition} (the pipeline's definition), {@code first-promotion} (no definition: the
 *     stage promoted into first the latest) or {@code none} (nothing promoted yet)
 * @param pipelineFigures the figures of the last stages together
 * @param stages each stage's figures, in pipeline order
 */
public record DoraReport(
        String pipeline,
        String window,
        Instant from,
        Instant to,
        List<String> lastStages,
        String lastStagesFrom,
        DoraFigures pipelineFigures,
        List<StageDora> stages) {

    /**
     * One stage's DORA figures.
     *
     * @param stage the stage
     * @param last whether it is one of the pipeline's last stages
     * @param figures its figures over the window
     */
    public record StageDora(String stage, boolean last, DoraFigures figures) {}
}
