package io.gitopsflow.writer.onboard;

import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Writes the onboarding's YAML documents from maps and lists through snakeyaml-engine's emitter, never by joining
 * strings: a value from the request is always one quoted-as-needed scalar, so it cannot add a key or a document.
 */
public final class OnboardingYaml {

    /** The first line of every generated file: whose file it is and what gitops-flow keeps changing in it. */
    static final String HEADER = "# Written by gitops-flow's onboarding (POST /applications). The team owns this file;"
            + " promotions only change the image.\n";

    private static final Dump DUMP = new Dump(DumpSettings.builder()
            .setDefaultFlowStyle(FlowStyle.BLOCK)
            .setIndent(2)
            .setIndicatorIndent(2)
            .setIndentWithIndicator(true)
            .setWidth(120)
            .build());

    private OnboardingYaml() {}

    /** {@code document} (maps, lists, strings, numbers, booleans) as one YAML document under the header. */
    public static String dump(Object document) {
        return HEADER + DUMP.dumpToString(document);
    }
}
