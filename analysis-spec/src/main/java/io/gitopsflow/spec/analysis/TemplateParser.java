package io.gitopsflow.spec.analysis;

import io.gitopsflow.spec.analysis.condition.ConditionEvaluator;
import io.gitopsflow.spec.analysis.provider.ProviderCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads Argo Rollouts {@code AnalysisTemplate}/{@code ClusterAnalysisTemplate} YAML (one or more documents per file)
 * into {@link AnalysisTemplate}s, checking every field against what gitops-flow supports: a field it does not
 * support, a wrong type, a bad duration, a condition that does not parse, an undeclared {@code {{args.x}}} — each is
 * a {@link TemplateProblem} with file, line and column, and the file is refused as a whole.
 */
public final class TemplateParser {

    public static final String API_VERSION = "argoproj.io/v1alpha1";

    private final MetricReader.Providers providers;

    public TemplateParser(Map<String, ? extends ProviderCheck> providers, ConditionEvaluator conditions) {
        this.providers = new MetricReader.Providers(Map.copyOf(providers), conditions);
    }

    /** The templates of one file; {@link InvalidTemplateException} lists everything wrong in it. */
    public List<AnalysisTemplate> parse(String file, String yaml) {
        TemplateReader reader = new TemplateReader(file, providers);
        List<AnalysisTemplate> templates = new ArrayList<>();
        try {
            LoadSettings settings = YamlLimits.settings(file);
            YamlLimits.checkDepth(settings, yaml);
            MergeKeys merges = new MergeKeys(reader);
            for (Node document : new Compose(settings).composeAllFromString(yaml)) {
                AnalysisTemplate template = reader.template(merges.expand(document));
                if (template != null) {
                    templates.add(template);
                }
            }
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark();
            reader.problems.add(new TemplateProblem(
                    file,
                    mark.map(m -> m.getLine() + 1).orElse(0),
                    mark.map(m -> m.getColumn() + 1).orElse(0),
                    "",
                    "not valid YAML: " + e.getProblem()));
        } catch (ReaderException e) {
            // a character YAML does not allow: the reader knows its offset, not its line
            int[] at = lineAndColumn(yaml, e.getPosition());
            reader.problems.add(new TemplateProblem(file, at[0], at[1], "", "not valid YAML: " + e.getMessage()));
        } catch (RuntimeException e) {
            reader.problems.add(new TemplateProblem(file, 0, 0, "", "not valid YAML: " + e.getMessage()));
        }
        if (templates.isEmpty() && reader.problems.isEmpty()) {
            reader.problems.add(new TemplateProblem(file, 0, 0, "", "holds no AnalysisTemplate"));
        }
        if (!reader.problems.isEmpty()) {
            throw new InvalidTemplateException(reader.problems);
        }
        return templates;
    }

    /** 1-based line and column of the {@code codePoint}-th code point of {@code text}. */
    static int[] lineAndColumn(String text, int codePoint) {
        int line = 1;
        int column = 1;
        int index = 0;
        for (int seen = 0; seen < codePoint && index < text.length(); seen++) {
            int c = text.codePointAt(index);
            index += Character.charCount(c);
            if (c == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }
}
