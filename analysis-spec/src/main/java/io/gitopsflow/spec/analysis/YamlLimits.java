package io.gitopsflow.spec.analysis;

import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * The limits every template file is read with (a request's body and a file of the folder alike): snakeyaml-engine's
 * own (code points, aliases, no recursive keys) and the nesting depth, which snakeyaml-engine does not limit and its
 * composer descends recursively — so it is counted first over the parser's event stream, which holds no tree and
 * does not recurse.
 */
public final class YamlLimits {

    /** A file is at most what a ConfigMap holds (1 MiB). */
    public static final int MAX_CODE_POINTS = 1024 * 1024;

    /** Mappings and lists open at once: an AnalysisTemplate needs about 8, a provider's {@code jsonBody} a few more. */
    public static final int MAX_DEPTH = 64;

    /** Aliases to mappings or lists: enough for shared settings, too few for an exponential expansion. */
    public static final int MAX_ALIASES = 20;

    private YamlLimits() {}

    /** The settings a template file is read with. */
    public static LoadSettings settings(String label) {
        return LoadSettings.builder()
                .setLabel(label)
                .setCodePointLimit(MAX_CODE_POINTS)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setAllowRecursiveKeys(false)
                // a mapping or list as a key is reported by the reader, with its line, instead of without one here
                .setAllowNonScalarKeys(true)
                .build();
    }

    /** Refuses text nested deeper than {@link #MAX_DEPTH}, with the line and column where the limit is passed. */
    public static void checkDepth(LoadSettings settings, String yaml) {
        int depth = 0;
        for (Event event : new Parse(settings).parseString(yaml)) {
            if (event instanceof CollectionStartEvent && ++depth > MAX_DEPTH) {
                throw new TooDeep(event.getStartMark());
            } else if (event instanceof CollectionEndEvent) {
                depth--;
            }
        }
    }

    /** Nesting past {@link #MAX_DEPTH}, where it happens. */
    static final class TooDeep extends MarkedYamlEngineException {

        TooDeep(Optional<Mark> mark) {
            super("", Optional.empty(), "mappings and lists are nested deeper than " + MAX_DEPTH + " levels", mark);
        }
    }
}
