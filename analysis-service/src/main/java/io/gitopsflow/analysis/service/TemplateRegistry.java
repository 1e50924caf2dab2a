package io.gitopsflow.analysis.service;

import io.gitopsflow.analysis.config.AnalysisConfig;
import io.gitopsflow.spec.analysis.AnalysisTemplate;
import io.gitopsflow.spec.analysis.TemplateFiles;
import io.gitopsflow.spec.analysis.TemplateParser;
import io.gitopsflow.spec.analysis.TemplateProblem;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The AnalysisTemplates of the templates folder (a mounted ConfigMap), read at start and again every
 * {@code templates-reload}. A file with problems is refused whole and its problems are kept (and logged) for
 * {@code GET /analysis-templates}; the other files' templates stay usable.
 */
@ApplicationScoped
public class TemplateRegistry {

    private static final Pattern SOURCE = Pattern.compile("(.*):(\\d+)");

    private final Path folder;
    private final TemplateParser parser;
    private volatile Map<String, AnalysisTemplate> templates = Map.of();
    private volatile List<TemplateProblem> problems = List.of();
    private volatile String fingerprint = "";

    public TemplateRegistry(AnalysisConfig config, MetricProviders providers) {
        this.folder = config.templatesDir();
        this.parser = providers.parser();
    }

    void onStart(@Observes StartupEvent start) {
        reload();
    }

    @Scheduled(every = "${gitops-flow.analysis.templates-reload:30s}", delayed = "30s")
    void reloadIfChanged() {
        if (!fingerprint().equals(fingerprint)) {
            reload();
        }
    }

    /** Reads the folder again. */
    public synchronized void reload() {
        Map<String, Path> files = new LinkedHashMap<>();
        for (Path file : files()) {
            files.put(folder.relativize(file).toString(), file);
        }
        TemplateFiles.Read read = TemplateFiles.read(files, parser);
        Map<String, AnalysisTemplate> loaded = new TreeMap<>(read.templates());
        List<TemplateProblem> found = new ArrayList<>(read.problems());
        found.addAll(refuseBrokenCompositions(loaded));
        found.forEach(problem -> Log.warnf("analysis template refused: %s", problem));
        Log.infof("%d analysis template(s) loaded from %s: %s", loaded.size(), folder, loaded.keySet());
        templates = Map.copyOf(loaded);
        problems = List.copyOf(found);
        fingerprint = fingerprint();
    }

    /**
     * Takes out of {@code loaded} each template whose {@code spec.templates} name a template that is not loaded (or
     * that one's, and so on) or form a cycle, and says why: a stage naming it gets an Error verdict that points here,
     * as Argo ends the run Error when an included template is not found.
     */
    static List<TemplateProblem> refuseBrokenCompositions(Map<String, AnalysisTemplate> loaded) {
        List<TemplateProblem> found = new ArrayList<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (AnalysisTemplate template : List.copyOf(loaded.values())) {
                try {
                    TemplateComposition.flatten(template, key -> Optional.ofNullable(loaded.get(key)), new HashSet<>());
                } catch (RunSpecs.UnresolvableException e) {
                    Matcher source = SOURCE.matcher(template.source());
                    boolean withLine = source.matches();
                    found.add(new TemplateProblem(
                            withLine ? source.group(1) : template.source(),
                            withLine ? Integer.parseInt(source.group(2)) : 0,
                            withLine ? 1 : 0,
                            "spec.templates",
                            e.getMessage() + ": " + template.key() + " is refused"));
                    loaded.remove(template.key());
                    changed = true;
                }
            }
        }
        return found;
    }

    /** The template a stage refers to. */
    public Optional<AnalysisTemplate> find(boolean clusterScope, String name) {
        return find(AnalysisTemplate.key(clusterScope, name));
    }

    /** The template of a key ({@code AnalysisTemplate/name} or {@code ClusterAnalysisTemplate/name}). */
    public Optional<AnalysisTemplate> find(String key) {
        return Optional.ofNullable(templates.get(key));
    }

    public List<AnalysisTemplate> templates() {
        return List.copyOf(templates.values());
    }

    public List<TemplateProblem> problems() {
        return problems;
    }

    /** Parses one file's text without loading it: what a user checks before committing a ConfigMap. */
    public List<AnalysisTemplate> validate(String name, String yaml) {
        return parser.parse(name, yaml);
    }

    private List<Path> files() {
        if (!Files.isDirectory(folder)) {
            Log.warnf("the analysis templates folder %s does not exist: no templates", folder);
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            // ConfigMap volumes hold ..data symlinks and timestamped folders: only the visible files count
            return paths.filter(Files::isRegularFile)
                    .filter(path -> !folder.relativize(path).toString().startsWith(".."))
                    .filter(path ->
                            path.toString().endsWith(".yaml") || path.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            Log.warnf("cannot list %s: %s", folder, e.getMessage());
            return List.of();
        }
    }

    private String fingerprint() {
        StringBuilder print = new StringBuilder();
        for (Path file : files()) {
            try {
                print.append(file).append(Files.getLastModifiedTime(file)).append(Files.size(file));
            } catch (IOException e) {
                print.append(file).append('?');
            }
        }
        return print.toString();
    }
}
