package io.gitopsflow.spec.analysis;

import io.gitopsflow.spec.analysis.condition.ConditionEvaluator;
import io.gitopsflow.spec.analysis.provider.ProviderChecks;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Checks AnalysisTemplate files offline, before they reach the cluster: the parser, provider settings checks and
 * condition syntax analysis-service loads its folder with, each problem with {@code file:line:column}. What it cannot
 * see offline: whether a {@code spec.templates} reference resolves in the service's folder.
 */
public final class TemplateLint {

    private TemplateLint() {}

    /** Every problem of one file (none: the service would load it). */
    public static List<TemplateProblem> check(Path file) {
        return check(Map.of(file.toString(), file));
    }

    /**
     * Every problem of {@code files} read together, as one templates folder (also a template defined twice); each
     * file is named in the problems by its key (e.g. the path as the user wrote it).
     */
    public static List<TemplateProblem> check(Map<String, Path> files) {
        ConditionEvaluator conditions = new ConditionEvaluator();
        TemplateParser parser = new TemplateParser(ProviderChecks.all(conditions), conditions);
        return TemplateFiles.read(files, parser).problems();
    }
}
