package io.gitopsflow.promotion.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.spec.pipeline.PipelineException;
import io.gitopsflow.spec.pipeline.PipelineParser;
import io.gitopsflow.spec.pipeline.Subscription;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Tag patterns copied from Kargo behave as in Kargo: the Warehouse examples of Kargo's docs and the cases of Kargo's
 * own tag filter test (under {@code kargo-samples/}, see SOURCE there) are turned into pipeline files the way a user
 * copies them, and every tag is kept or dropped as Kargo's {@code MatchString} search keeps or drops it.
 */
class KargoTagPatternsTest {

    private static final Map<String, String> STRATEGIES =
            Map.of("Lexical", "lexical", "NewestBuild", "newest", "SemVer", "semver", "Digest", "digest");

    @Test
    void theDocsLexicalExampleKeepsOnlyEightDigitNightlies() throws IOException {
        for (String sample :
                List.of("warehouse-lexical-allow-tags-regexes.yaml", "warehouse-lexical-allow-tags-v1.8.yaml")) {
            Subscription subscription = copied(sample);
            assertThat(kept(
                            subscription,
                            "nightly-20260102",
                            "nightly-2026010",
                            "nightly-20260102-rc",
                            "old-nightly-20260102",
                            "1.27.0"))
                    .as(sample)
                    .containsExactly("nightly-20260102");
            assertThat(TagSelector.select(subscription, List.of("nightly-20260102", "nightly-20260315")))
                    .contains("nightly-20260315");
        }
    }

    @Test
    void theDocsNewestBuildExampleSearchesForAPrefixOnly() throws IOException {
        // "^nightly" anchors the start only: Kargo keeps every tag that starts so, whatever follows.
        for (String sample : List.of(
                "warehouse-newest-build-allow-tags-regexes.yaml", "warehouse-newest-build-allow-tags-v1.8.yaml")) {
            assertThat(kept(copied(sample), "nightly", "nightly-20260102", "nightly-debug", "build-nightly", "1.27"))
                    .as(sample)
                    .containsExactly("nightly", "nightly-20260102", "nightly-debug");
        }
    }

    @Test
    void theDocsCacheByTagExampleKeepsOnlyVersionTags() throws IOException {
        assertThat(kept(copied("warehouse-newest-build-cache-by-tag.yaml"), "v1.2.3", "1.2.3", "v1.2.3-rc.1", "v1.2"))
                .containsExactly("v1.2.3");
    }

    @Test
    @SuppressWarnings("unchecked")
    void kargosOwnFilterCasesKeepWhatKargoKeeps() throws IOException {
        var cases = (List<Map<String, Object>>)
                new Load(LoadSettings.builder().build()).loadFromString(read("tag-based-selector-cases.yaml"));
        assertThat(cases).hasSize(5);
        for (Map<String, Object> c : cases) {
            var subscription = subscription(
                    "strategy: newest",
                    (List<String>) c.get("allowTagsRegexes"),
                    (List<String>) c.get("ignoreTagsRegexes"),
                    null);
            List<String> tags = (List<String>) c.get("tags");
            assertThat(kept(subscription, tags.toArray(String[]::new)))
                    .as((String) c.get("name"))
                    .containsExactlyElementsOf((List<String>) c.get("kept"));
        }
    }

    @Test
    void aCopiedAnchoredPrefixNowSelectsTheTagsItNames() {
        // Issue 19: "^main-" matched nothing while the whole tag had to match it.
        Subscription subscription = subscription("strategy: newest", null, null, "^main-");
        assertThat(kept(subscription, "main-abc1234-1", "feature-abc1234-1")).containsExactly("main-abc1234-1");
        // Unanchored, as in Kargo and Image Updater: "main-" is found inside "hotfix-main-…" too.
        assertThat(kept(subscription("strategy: newest", null, null, "main-"), "main-abc1234-1", "hotfix-main-a1"))
                .containsExactly("main-abc1234-1", "hotfix-main-a1");
    }

    @Test
    void goSyntaxIsReadAsGoReadsIt() {
        // POSIX classes inside brackets are character classes in Go; java.util.regex would read ":alph" characters.
        assertThat(kept(subscription("strategy: newest", List.of("^[[:digit:]]{8}$"), null, null), "20260102", "alpha"))
                .containsExactly("20260102");
        // Go's named groups
        assertThat(kept(subscription("strategy: newest", List.of("^v(?P<major>\\d+)\\."), null, null), "v1.2", "1.2"))
                .containsExactly("v1.2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"(?=main)", "(main)-\\1", "main-\\d++", "(?<!x)main", "(?>main)", "main\\Z", "(?x) main"})
    void patternsGoRefusesAreRefusedAtLoad(String pattern) {
        // java.util.regex accepts each (lookaround, backreference, possessive, atomic group, \Z, comments mode);
        // Go refuses them.
        assertThatThrownBy(() -> subscription("strategy: newest", List.of(pattern), null, null))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("allowTagsRegexes is not a regular expression Kargo (Go's RE2) accepts");
    }

    @Test
    void aJavaClassIntersectionIsReadAsGoReadsIt() {
        // Java: a-z but e. Go: the class [a-z&&[^e] and then a literal ']', which no tag holds: nothing is selected,
        // in Kargo as here (and the pipeline's status warns about it).
        assertThat(kept(subscription("strategy: newest", List.of("[a-z&&[^e]]"), null, null), "a", "e", "1"))
                .isEmpty();
    }

    @Test
    void allowTagsAndAllowTagsRegexesTogetherAreRefused() {
        assertThatThrownBy(() -> PipelineParser.parse("copied.yaml", pipeline("""
                      allowTags: "^main-"
                      allowTagsRegexes: ["^v"]
                """)))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("use allowTags or allowTagsRegexes, not both");
    }

    @Test
    void kargoFieldsGitopsFlowDoesNotHaveAreRefusedByName() {
        // the docs' cacheByTag example, copied whole
        assertThatThrownBy(() -> PipelineParser.parse("copied.yaml", pipeline("""
                      strategy: newest
                      cacheByTag: true
                      allowTagsRegexes: ['^v\\d+\\.\\d+\\.\\d+$']
                """)))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("unknown field 'cacheByTag'");
    }

    /** The sample's first image subscription, copied into a pipeline file as a user would. */
    @SuppressWarnings("unchecked")
    private static Subscription copied(String sample) throws IOException {
        var warehouse = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(read(sample));
        var spec = (Map<String, Object>) warehouse.get("spec");
        var image = (Map<String, Object>)
                ((List<Map<String, Object>>) spec.get("subscriptions")).get(0).get("image");
        String strategy = "strategy: " + STRATEGIES.get((String) image.get("imageSelectionStrategy"));
        if (image.get("allowTags") instanceof String allowTags) {
            return subscription(strategy, null, null, allowTags);
        }
        return subscription(
                strategy,
                (List<String>) image.get("allowTagsRegexes"),
                (List<String>) image.get("ignoreTagsRegexes"),
                null);
    }

    private static Subscription subscription(
            String strategy, List<String> allowRegexes, List<String> ignoreRegexes, String allowTags) {
        StringBuilder fields = new StringBuilder("      ").append(strategy).append('\n');
        if (allowTags != null) {
            fields.append("      allowTags: ").append(quoted(allowTags)).append('\n');
        }
        if (allowRegexes != null) {
            fields.append("      allowTagsRegexes: ").append(list(allowRegexes)).append('\n');
        }
        if (ignoreRegexes != null) {
            fields.append("      ignoreTagsRegexes: ")
                    .append(list(ignoreRegexes))
                    .append('\n');
        }
        return PipelineParser.parse("copied.yaml", pipeline(fields.toString()))
                .get(0)
                .warehouse()
                .subscriptions()
                .get(0);
    }

    private static String pipeline(String subscriptionFields) {
        return """
                name: copied
                warehouse:
                  subscriptions:
                    - image: registry.example.com/acme/copied
                """ + subscriptionFields + """
                stages:
                  - name: dev
                    targets:
                      - repositoryUrl: https://git.example.com/acme/gitops.git
                        branch: main
                        path: copied/values.yaml
                        kind: helm-values
                        field: image.tag
                """;
    }

    private static String list(List<String> values) {
        return values.stream().map(KargoTagPatternsTest::quoted).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String quoted(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static List<String> kept(Subscription subscription, String... tags) {
        return List.of(tags).stream()
                .filter(tag -> TagSelector.eligible(subscription, tag))
                .toList();
    }

    private static String read(String sample) throws IOException {
        try (InputStream in = KargoTagPatternsTest.class.getResourceAsStream("/kargo-samples/" + sample)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
