package io.gitopsflow.analysis.service;

import io.gitopsflow.spec.analysis.AnalysisTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code spec.templates} as Argo Rollouts composes it: a template brings the templates it includes, and theirs, each
 * once (the first time it is met); their arguments are merged by name. Argo follows the references without looking
 * for a cycle (its controller recurses until it fails); here a cycle is a clear error.
 */
final class TemplateComposition {

    private TemplateComposition() {}

    /**
     * {@code root} and every template it includes, in the order met, leaving out those already in {@code seen} (and
     * adding the others to it); {@link RunSpecs.UnresolvableException} when an included template is missing or the
     * references form a cycle.
     */
    static List<AnalysisTemplate> flatten(
            AnalysisTemplate root, Function<String, Optional<AnalysisTemplate>> lookup, Set<String> seen) {
        List<AnalysisTemplate> out = new ArrayList<>();
        visit(root, lookup, seen, new ArrayList<>(), out);
        return out;
    }

    private static void visit(
            AnalysisTemplate template,
            Function<String, Optional<AnalysisTemplate>> lookup,
            Set<String> seen,
            List<String> path,
            List<AnalysisTemplate> out) {
        if (path.contains(template.key())) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(template.key()), path.size()));
            cycle.add(template.key());
            throw new RunSpecs.UnresolvableException(
                    "spec.templates form a cycle: " + String.join(" includes ", cycle));
        }
        if (!seen.add(template.key())) {
            return; // met before: Argo keeps the first of each template
        }
        out.add(template);
        path.add(template.key());
        for (AnalysisTemplate.TemplateRef ref : template.templates()) {
            AnalysisTemplate included = lookup.apply(ref.key())
                    .orElseThrow(() -> new RunSpecs.UnresolvableException(
                            template.key() + " includes " + ref.key() + " (spec.templates), which is not loaded"));
            visit(included, lookup, seen, path, out);
        }
        path.remove(path.size() - 1);
    }

    /**
     * The arguments of composed templates, as Argo's {@code flattenArgs}: one per name; a name declared again takes the
     * later declaration only while the earlier has no value, and two different values are an error.
     */
    static List<AnalysisTemplate.Argument> mergeArgs(List<AnalysisTemplate> templates) {
        Map<String, AnalysisTemplate.Argument> merged = new LinkedHashMap<>();
        for (AnalysisTemplate template : templates) {
            for (AnalysisTemplate.Argument arg : template.args()) {
                AnalysisTemplate.Argument before = merged.get(arg.name());
                if (before == null || before.value() == null) {
                    merged.put(arg.name(), arg);
                } else if (arg.value() != null && !Objects.equals(before.value(), arg.value())) {
                    throw new RunSpecs.UnresolvableException("Argument `" + arg.name()
                            + "` specified multiple times with different values: '" + before.value() + "', '"
                            + arg.value() + "'");
                }
            }
        }
        return List.copyOf(merged.values());
    }
}
