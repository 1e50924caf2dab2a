package io.gitopsflow.cli.lint;

import io.gitopsflow.spec.analysis.TemplateLint;
import io.gitopsflow.spec.analysis.TemplateProblem;
import io.gitopsflow.spec.pipeline.PipelineError;
import io.gitopsflow.spec.pipeline.PipelineLint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks pipeline files and AnalysisTemplates offline with the parsers the services load them with (pipeline-spec,
 * analysis-spec). Files of one folder are checked together, as the service reads its folder: a pipeline or template
 * declared in two of them is a problem. Every problem is one {@code file:line:column: message} line; a problem of a
 * whole file (unreadable, neither kind, declared twice) is put at {@code 1:1} so editors and CI annotations still
 * find it.
 */
final class Lint {

    /**
     * What checking gave.
     *
     * @param files how many files were checked
     * @param problems one {@code file:line:column: message} line per problem, in file order
     */
    record Result(int files, List<String> problems) {}

    private Lint() {}

    /** Checks {@code files}, each named in the output by its key (the path as the user wrote it). */
    static Result check(Map<String, Path> files) {
        Map<Path, Map<String, Path>> pipelines = new LinkedHashMap<>();
        Map<Path, Map<String, Path>> templates = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        files.forEach((name, file) -> {
            String yaml;
            try {
                yaml = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                problems.add(new Problem(name, 0, 0, "cannot be read: " + e.getMessage()));
                return;
            }
            switch (FileKind.of(yaml)) {
                case PIPELINE -> group(pipelines, name, file);
                case ANALYSIS_TEMPLATE -> group(templates, name, file);
                case OTHER -> problems.add(new Problem(name, 0, 0, neither(FileKind.declaredKind(yaml))));
            }
        });
        for (Map<String, Path> group : pipelines.values()) {
            for (PipelineError error : PipelineLint.check(group)) {
                problems.add(new Problem(error.file(), error.line(), error.column(), error.message()));
            }
        }
        for (Map<String, Path> group : templates.values()) {
            for (TemplateProblem problem : TemplateLint.check(group)) {
                String field = problem.path() == null || problem.path().isEmpty() ? "" : problem.path() + ": ";
                problems.add(new Problem(problem.file(), problem.line(), problem.column(), field + problem.message()));
            }
        }
        List<String> order = new ArrayList<>(files.keySet());
        problems.sort(Comparator.comparingInt((Problem p) -> order.indexOf(p.file()))
                .thenComparingInt(Problem::line)
                .thenComparingInt(Problem::column));
        return new Result(files.size(), problems.stream().map(Problem::toString).toList());
    }

    private static String neither(String kind) {
        return (kind.isEmpty() ? "has no kind" : "is a " + kind)
                + ": neither an AnalysisTemplate/ClusterAnalysisTemplate (kind) nor a pipeline file"
                + " (name, warehouse, stages)";
    }

    /** Files are grouped by the folder they are in: a service reads one folder. */
    private static void group(Map<Path, Map<String, Path>> groups, String name, Path file) {
        Path folder = file.toAbsolutePath().normalize().getParent();
        groups.computeIfAbsent(folder, f -> new LinkedHashMap<>()).put(name, file);
    }

    /** One problem, where it is; line 0 (the whole file) is shown at 1:1. */
    private record Problem(String file, int line, int column, String message) {

        @Override
        public String toString() {
            return file + ":" + Math.max(line, 1) + ":" + Math.max(column, 1) + ": " + message;
        }
    }
}
