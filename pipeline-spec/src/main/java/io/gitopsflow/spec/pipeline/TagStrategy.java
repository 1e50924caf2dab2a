package io.gitopsflow.spec.pipeline;

import java.util.Arrays;
import java.util.Optional;

/** How a subscription picks and orders tags, spelled as Kargo spells its image selection strategies. */
public enum TagStrategy {
    /** Tags that are semantic versions within the constraint; the highest version is the newest. */
    SEMVER("semver"),
    /** Any eligible tag; the most recently published is the newest. */
    NEWEST("newest"),
    /** One mutable tag (e.g. {@code latest}); each new digest behind it is new Freight. */
    DIGEST("digest"),
    /** Eligible tags ordered lexically; the last is the newest (date-stamped tags). */
    LEXICAL("lexical");

    private final String yamlName;

    TagStrategy(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    /** The strategy spelled {@code name} in a pipeline file. */
    public static Optional<TagStrategy> fromYaml(String name) {
        return Arrays.stream(values()).filter(s -> s.yamlName.equals(name)).findFirst();
    }
}
