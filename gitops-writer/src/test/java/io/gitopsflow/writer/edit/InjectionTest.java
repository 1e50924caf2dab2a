package io.gitopsflow.writer.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.GitOpsTarget.EditKind;
import io.gitopsflow.events.GitOpsTarget.ValueFormat;
import io.gitopsflow.events.GitOpsTarget.WriteMode;
import io.gitopsflow.events.ImageRef;
import io.gitopsflow.events.validation.InvalidNameException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Values and fields that would change the YAML around them are refused before any file is touched. */
class InjectionTest {

    private static final String VALUES = "image:\n  repository: ghcr.io/acme/api\n  tag: 1.0.0\n";
    private final HelmValuesEditor helm = new HelmValuesEditor();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.0\nevil: true",
                "1.0\r\nevil: true",
                "1.0\u2028evil",
                "1.0\u0085evil",
                "1.0\"",
                "\"1.0",
                "1.0'",
                "1.0 #comment",
                "1.0#x",
                "1.0: x",
                "key: value",
                "{a: b}",
                "[a, b]",
                "a,b",
                "&anchor",
                "*alias",
                "!!python/object",
                "-1.0",
                "|",
                ">-",
                "%TAG",
                "a\\b",
                "",
                " 1.0",
                "1.0\t"
            })
    void helmRefusesValuesThatCouldInjectYaml(String value) {
        assertThatThrownBy(() -> helm.set(VALUES, "image.tag", value))
                .isInstanceOf(ManifestEditException.class)
                .hasMessageStartingWith("invalid value")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r"));
    }

    @Test
    void theMessageNamesWhatIsWrong() {
        assertThatThrownBy(() -> helm.set(VALUES, "image.tag", "1.0\nx: y")).hasMessageContaining("a line break");
        assertThatThrownBy(() -> helm.set(VALUES, "image.tag", "1.0\"")).hasMessageContaining("a quote");
        assertThatThrownBy(() -> helm.set(VALUES, "image.tag", "1#0")).hasMessageContaining("'#'");
        assertThatThrownBy(() -> helm.set(VALUES, "image.tag", "1: 0")).hasMessageContaining("whitespace");
        assertThatThrownBy(() -> helm.set(VALUES, "image.tag", "{x}")).hasMessageContaining("flow indicator");
    }

    @Test
    void valuesOutsideTheImageReferenceGrammarAreRefused() {
        assertThatThrownBy(() -> helm.set(VALUES, "image.tag", "UPPER/Case:tag"))
                .isInstanceOf(ManifestEditException.class)
                .hasMessageContaining("neither an image tag");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "image..tag",
                ".image",
                "image.",
                "image.tag\nevil",
                "image.tag: x",
                "image.{tag}",
                "image.-tag",
                "image.#tag",
                "image.true",
                "image.null",
                "image.1",
                "image.t ag",
                "image.\"tag\""
            })
    void helmRefusesPathsThatAreNotPlainKeys(String path) {
        assertThatThrownBy(() -> helm.set(VALUES, path, "2.0.0"))
                .isInstanceOf(ManifestEditException.class)
                .hasMessageStartingWith("invalid field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nginx\nimages: []", "nginx:1.0", "nginx@sha256:abc", "Nginx", "nginx # x", "'nginx'"})
    void kustomizeRefusesImageNamesThatCouldInjectYaml(String name) {
        GitOpsTarget target = target(EditKind.KUSTOMIZE_IMAGE, name, ValueFormat.TAG);
        assertThatThrownBy(() -> ManifestEditors.standard()
                        .edit("images:\n- name: nginx\n  newTag: 1.0.0\n", target, image("1.2.0")))
                .isInstanceOf(ManifestEditException.class)
                .hasMessageContaining("invalid");
    }

    @ParameterizedTest
    @ValueSource(strings = {"api\nimage: evil", "API", "api: x", "-api"})
    void manifestsRefuseContainerNamesThatAreNotDnsLabels(String name) {
        GitOpsTarget target = target(EditKind.MANIFEST_IMAGE, name, ValueFormat.REFERENCE_TAG);
        assertThatThrownBy(() -> ManifestEditors.standard()
                        .edit("kind: Pod\napiVersion: v1\nspec:\n  containers: []\n", target, image("1.2.0")))
                .isInstanceOf(ManifestEditException.class)
                .hasMessageContaining("invalid container name");
    }

    @Test
    void anImageRefCannotEvenCarryAnInjectedTag() {
        assertThatThrownBy(() -> new ImageRef("ghcr.io/acme/api", "1.0\nevil: x", GoldenFilesTest.DIGEST))
                .isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> new ImageRef("ghcr.io/acme/api\"", "1.0", GoldenFilesTest.DIGEST))
                .isInstanceOf(InvalidNameException.class);
    }

    @Test
    void aRefusedEditChangesNothing() {
        String before = VALUES;
        assertThatThrownBy(() -> helm.set(before, "image.tag", "x\ny: z")).isInstanceOf(ManifestEditException.class);
        assertThat(before).isEqualTo("image:\n  repository: ghcr.io/acme/api\n  tag: 1.0.0\n");
    }

    static GitOpsTarget target(EditKind kind, String field, ValueFormat format) {
        return new GitOpsTarget(
                "https://git.example.com/acme/gitops.git",
                "main",
                "apps/api/file.yaml",
                kind,
                field,
                format,
                WriteMode.PUSH,
                null);
    }

    static ImageRef image(String tag) {
        return new ImageRef("ghcr.io/acme/api", tag, GoldenFilesTest.DIGEST);
    }
}
