package io.gitopsflow.console.web;

import io.gitopsflow.console.api.AnalysisRunDetail;
import io.gitopsflow.console.service.Remote;
import java.util.List;

/**
 * What the analysis fragment ({@code templates/AnalysisRunFragment/run.html}) draws: the run and a chart per metric,
 * or the sentence that says why analysis-service could not give them (the rest of the page is shown regardless).
 *
 * @param run the run, or null
 * @param charts one per metric
 * @param problem why there is no run to show, or null
 */
public record AnalysisPanel(AnalysisRunDetail.Run run, List<AnalysisChart> charts, String problem) {

    /** The panel of what was read from analysis-service. */
    public static AnalysisPanel of(Remote<AnalysisRunDetail> read) {
        if (!read.ok()) {
            return new AnalysisPanel(null, List.of(), read.problem());
        }
        return new AnalysisPanel(read.value().run(), AnalysisChart.of(read.value()), null);
    }
}
