package io.gitopsflow.writer.edit;

import static io.gitopsflow.writer.edit.InjectionTest.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.events.GitOpsTarget.EditKind;
import io.gitopsflow.events.GitOpsTarget.ValueFormat;
import io.gitopsflow.events.ImageRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * YAML merge keys ({@code <<: *anchor}), which go-yaml — hence kubectl, Argo CD, Kustomize and Helm — applies: a
 * container, values mapping or images entry that takes fields through one is read with them, and only what an edit
 * matches must be editable in place. Samples under {@code samples/kubernetes/} (see the SOURCE file there) and the
 * golden cases {@code manifest-merge-key-*}.
 */
class MergeKeysTest {

    private final ManifestEditors editors = ManifestEditors.standard();
    private final HelmValuesEditor helm = new HelmValuesEditor();

    @Test
    void theSampleIsTheDocsDeploymentAndItsMergeKeyVariantReadsTheSame() throws IOException {
        // kubectl reads the derived sample as the docs' own: the merge key only removed repetition.
        Map<String, Object> docs = podSpec(sample("deployment-sidecar.yaml"));
        Map<String, Object> derived = podSpec(sample("deployment-sidecar-merge-key.yaml"));
        assertThat(merged(derived, "initContainers")).isEqualTo(docs.get("initContainers"));
        assertThat(derived.get("containers")).isEqualTo(docs.get("containers"));
    }

    @Test
    void aSidecarWithItsOwnImageBesideAMergeKeyKeepsEveryOtherByte() throws IOException {
        String text = sample("deployment-sidecar-own-image.yaml");
        EditResult result = editors.edit(
                text,
                target(EditKind.MANIFEST_IMAGE, "myapp", ValueFormat.REFERENCE_TAG),
                new ImageRef("ghcr.io/acme/myapp", "1.0.1", GoldenFilesTest.DIGEST));
        assertThat(result.text())
                .isEqualTo(text.replace("image: ghcr.io/acme/myapp:1.0.0", "image: ghcr.io/acme/myapp:1.0.1"));
        assertThat(result.previousValue()).isEqualTo("ghcr.io/acme/myapp:1.0.0");
        assertThat(result.changes()).hasSize(1);
    }

    @Test
    void aSidecarThatTakesTheAppsImageThroughAMergeKeyIsNotChangedBehindItsBack() throws IOException {
        String text = sample("deployment-sidecar-merge-key.yaml");
        // By name only myapp matches, but logshipper reads myapp's image: the edit would change the sidecar too.
        assertThatThrownBy(() -> editors.edit(
                        text,
                        target(EditKind.MANIFEST_IMAGE, "myapp", ValueFormat.REFERENCE_TAG),
                        new ImageRef("alpine", "3.20", GoldenFilesTest.DIGEST)))
                .isInstanceOf(ManifestEditException.class)
                .hasMessage("line 26: Deployment myapp, initContainers logshipper takes its image from Deployment"
                        + " myapp, containers myapp through a YAML merge key (<<), so editing it would change both;"
                        + " set the image of Deployment myapp, initContainers logshipper explicitly");
        // By repository both match, and the sidecar's image is not written in the sidecar.
        assertThatThrownBy(() -> editors.edit(
                        text,
                        target(EditKind.MANIFEST_IMAGE, null, ValueFormat.REFERENCE_TAG),
                        new ImageRef("alpine", "3.20", GoldenFilesTest.DIGEST)))
                .hasMessageContaining("initContainers logshipper image comes from a YAML merge key (<<)");
    }

    @Test
    void aContainerOnlyNamedThroughAMergeKeyStillMatches() {
        String pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n"
                + "  - &base\n    name: api\n    image: ghcr.io/acme/api:1.0.0\n"
                + "  containers:\n  - <<: *base\n    image: ghcr.io/acme/api:1.0.0\n";
        // The container is named api for kubectl; both it and the init container it copies get the image.
        EditResult result = editors.edit(
                pod,
                target(EditKind.MANIFEST_IMAGE, "api", ValueFormat.REFERENCE_TAG),
                new ImageRef("ghcr.io/acme/api", "2.0.0", GoldenFilesTest.DIGEST));
        assertThat(result.text()).isEqualTo(pod.replace("api:1.0.0", "api:2.0.0"));
        assertThat(result.changes()).hasSize(2);
    }

    @Test
    void anAliasedContainerListBlocksOnlyWhenItHoldsAMatch() {
        String file = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers: &list\n"
                + "  - name: proxy\n    image: envoyproxy/envoy:v1.31.0\n  - name: api\n    image: ghcr.io/acme/api:1\n"
                + "  initContainers: *list\n";
        assertThatThrownBy(() -> editors.edit(
                        file,
                        target(EditKind.MANIFEST_IMAGE, "api", ValueFormat.REFERENCE_TAG),
                        new ImageRef("ghcr.io/acme/api", "2", GoldenFilesTest.DIGEST)))
                .hasMessageContaining("Pod a, initContainers is an alias");
        String other = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: b\nspec:\n  containers:\n"
                + "  - name: api\n    image: ghcr.io/acme/api:1\n  initContainers: &init\n"
                + "  - name: wait\n    image: busybox:1.36\n  ephemeralContainers: *init\n";
        assertThat(editors.edit(
                                other,
                                target(EditKind.MANIFEST_IMAGE, "api", ValueFormat.REFERENCE_TAG),
                                new ImageRef("ghcr.io/acme/api", "2", GoldenFilesTest.DIGEST))
                        .text())
                .isEqualTo(other.replace("api:1", "api:2"));
    }

    @Test
    void helmValuesAreCheckedAlongTheEditedPathOnly() {
        // A sibling built with a merge key does not block image.tag.
        String values = "image:\n  repository: ghcr.io/acme/api\n  tag: 1.0.0\n"
                + "worker:\n  <<: &defaults\n    pullPolicy: IfNotPresent\n  args: [work]\n";
        assertThat(helm.set(values, "image.tag", "2.0.0").text()).isEqualTo(values.replace("1.0.0", "2.0.0"));
        // A key that the merged mapping does not define is absent, so it is created.
        String merged = "defaults: &d\n  pullPolicy: IfNotPresent\nimage:\n  <<: *d\n  repository: a/b\n";
        assertThat(helm.set(merged, "image.tag", "2.0.0").text()).isEqualTo(merged + "  tag: 2.0.0\n");
        // A key the merge supplies is still refused: a new key would shadow it in this mapping only.
        assertThatThrownBy(() -> helm.set(merged, "image.pullPolicy", "Always"))
                .hasMessageContaining("image.pullPolicy may come from a YAML merge key (<<)");
    }

    @Test
    void kustomizeEntriesAreMatchedByTheNameKustomizeReads() {
        String kustomization = "images:\n- &base\n  name: ghcr.io/acme/api\n  newTag: 1.0.0\n"
                + "- <<: *base\n  name: ghcr.io/acme/worker\n- name: ghcr.io/acme/ui\n  newTag: 3.0.0\n";
        // The worker entry's merge key does not block the edit of another entry.
        assertThat(editors.edit(
                                kustomization,
                                target(EditKind.KUSTOMIZE_IMAGE, "ghcr.io/acme/ui", ValueFormat.TAG),
                                new ImageRef("ghcr.io/acme/ui", "3.1.0", GoldenFilesTest.DIGEST))
                        .text())
                .isEqualTo(kustomization.replace("3.0.0", "3.1.0"));
        // An entry named only through a merge key is found (not added a second time) and refused.
        String named = "images:\n- &base\n  name: ghcr.io/acme/api\n  newTag: 1.0.0\n- <<: *base\n  newName: x/y\n";
        assertThatThrownBy(() -> editors.edit(
                        named,
                        target(EditKind.KUSTOMIZE_IMAGE, "ghcr.io/acme/api", ValueFormat.TAG),
                        new ImageRef("ghcr.io/acme/api", "2.0.0", GoldenFilesTest.DIGEST)))
                .isInstanceOf(ManifestEditException.class);
    }

    static String sample(String name) throws IOException {
        try (InputStream in = MergeKeysTest.class.getResourceAsStream("/samples/kubernetes/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> podSpec(String text) {
        var root = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
        var template = (Map<String, Object>) ((Map<String, Object>) root.get("spec")).get("template");
        return (Map<String, Object>) template.get("spec");
    }

    /** The containers of a list with merge keys applied, as go-yaml applies them. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> merged(Map<String, Object> podSpec, String list) {
        return ((List<Map<String, Object>>) podSpec.get(list))
                .stream()
                        .map(container -> {
                            var result = new java.util.LinkedHashMap<String, Object>();
                            if (container.get("<<") instanceof Map<?, ?> source) {
                                ((Map<String, Object>) source).forEach(result::put);
                            }
                            container.forEach((key, value) -> {
                                if (!key.equals("<<")) {
                                    result.put(key, value);
                                }
                            });
                            return (Map<String, Object>) result;
                        })
                        .toList();
    }
}
