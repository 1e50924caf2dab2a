package io.gitopsflow.cli.lint;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a YAML file is, told from its top-level keys before any parser reads it, so that a file with broken YAML still
 * goes to the parser that explains it: an Argo Rollouts template says {@code kind: AnalysisTemplate} or
 * {@code kind: ClusterAnalysisTemplate}; a pipeline file has no {@code kind} or {@code apiVersion} (docs/
 * promotion-service.md) but a top-level {@code warehouse} or {@code stages}. Anything else (a Deployment, a values
 * file) is neither, and said so.
 */
enum FileKind {
    PIPELINE,
    ANALYSIS_TEMPLATE,
    OTHER;

    private static final Pattern KIND = Pattern.compile("(?m)^kind:\\s*[\"']?([A-Za-z]+)");
    private static final Pattern PIPELINE_KEY = Pattern.compile("(?m)^(warehouse|stages):");

    /** The kind of a file whose text is {@code yaml}; the first {@code kind:} of a multi-document file decides. */
    static FileKind of(String yaml) {
        String kind = declaredKind(yaml);
        if (kind.equals("AnalysisTemplate") || kind.equals("ClusterAnalysisTemplate")) {
            return ANALYSIS_TEMPLATE;
        }
        // a pipeline file with a stray kind still goes to the pipeline parser, which points at the field
        return PIPELINE_KEY.matcher(yaml).find() ? PIPELINE : OTHER;
    }

    /** The {@code kind:} a file names, for the message about a file that is neither; empty without one. */
    static String declaredKind(String yaml) {
        Matcher kind = KIND.matcher(yaml);
        return kind.find() ? kind.group(1) : "";
    }
}
