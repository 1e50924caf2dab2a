package io.gitopsflow.console.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The analysis run's part of a page, rendered alone ({@code GET /ui/analysis-runs/{id}/fragment}) by the same template
 * that the analysis run page and the promotion page include ({@code {#include AnalysisRunFragment/run /}} with the
 * data {@code analysis}, an {@link AnalysisPanel}), so that there is one rendering.
 */
public final class AnalysisRunFragment {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance run(AnalysisPanel analysis);
    }

    private AnalysisRunFragment() {}

    /** The fragment of {@code analysis}. */
    public static TemplateInstance of(AnalysisPanel analysis) {
        return Templates.run(analysis);
    }
}
