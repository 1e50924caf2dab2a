package io.gitopsflow.spec.analysis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a set of template files the way analysis-service reads its folder: a file over the ConfigMap limit is not
 * read, a file with problems is refused whole, a template defined twice keeps its first definition. The service's
 * registry and the CLI's {@code lint} both read through here, so they refuse the same files with the same words.
 */
public final class TemplateFiles {

    /**
     * What a set of files holds.
     *
     * @param templates the usable templates, by {@link AnalysisTemplate#key()}
     * @param problems every problem, each with its file, line and column
     */
    public record Read(Map<String, AnalysisTemplate> templates, List<TemplateProblem> problems) {}

    private TemplateFiles() {}

    /** The templates of {@code files}, keyed by the name each file is reported under, in that order. */
    public static Read read(Map<String, Path> files, TemplateParser parser) {
        Map<String, AnalysisTemplate> loaded = new TreeMap<>();
        Map<String, String> sources = new TreeMap<>();
        List<TemplateProblem> found = new ArrayList<>();
        files.forEach((name, file) -> {
            try {
                if (Files.size(file) > YamlLimits.MAX_CODE_POINTS) {
                    // refused before it is read: a ConfigMap holds at most 1 MiB
                    found.add(new TemplateProblem(
                            name, 0, 0, "", "is larger than " + YamlLimits.MAX_CODE_POINTS + " bytes: not read"));
                    return;
                }
                for (AnalysisTemplate template : parser.parse(name, Files.readString(file, StandardCharsets.UTF_8))) {
                    String other = sources.putIfAbsent(template.key(), template.source());
                    if (other != null) {
                        found.add(new TemplateProblem(
                                name,
                                0,
                                0,
                                "metadata.name",
                                template.key() + " is defined twice (also in " + other + "): this one is ignored"));
                    } else {
                        loaded.put(template.key(), template);
                    }
                }
            } catch (InvalidTemplateException e) {
                found.addAll(e.problems());
            } catch (IOException e) {
                found.add(new TemplateProblem(name, 0, 0, "", "cannot be read: " + e.getMessage()));
            }
        });
        return new Read(loaded, found);
    }
}
