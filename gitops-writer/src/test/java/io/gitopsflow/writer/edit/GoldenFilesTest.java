package io.gitopsflow.writer.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.GitOpsTarget.EditKind;
import io.gitopsflow.events.GitOpsTarget.ValueFormat;
import io.gitopsflow.events.GitOpsTarget.WriteMode;
import io.gitopsflow.events.ImageRef;
import io.gitopsflow.events.validation.ImageReference;
import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Every case under {@code golden/<case>/}: {@code input.yaml} edited per {@code target.properties} must give
 * {@code expected.yaml} byte for byte (or fail with {@code error.txt}), must read back with the new value as a string,
 * and editing the result again must change nothing.
 */
class GoldenFilesTest {

    static final String DIGEST = "sha256:" + "a1b2c3d4".repeat(8);
    private static final ManifestEditors EDITORS = ManifestEditors.standard();

    @TestFactory
    Stream<DynamicTest> goldenCases() throws IOException {
        return cases().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> runCase(dir)));
    }

    @Test
    void everyEditKindHasGoldenCases() throws IOException {
        List<String> kinds = cases().map(dir -> load(dir).getProperty("kind")).toList();
        assertThat(kinds).contains("helm-values", "kustomize-image", "manifest-image");
    }

    static Stream<Path> cases() throws IOException {
        try {
            Path root = Path.of(GoldenFilesTest.class.getResource("/golden").toURI());
            return Files.list(root).filter(Files::isDirectory).sorted().toList().stream();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void runCase(Path dir) throws IOException {
        Properties properties = load(dir);
        String input = Files.readString(dir.resolve("input.yaml"), StandardCharsets.UTF_8);
        GitOpsTarget target = target(properties);
        ImageRef image = image(properties.getProperty("image"));
        Path error = dir.resolve("error.txt");
        if (Files.exists(error)) {
            assertThatThrownBy(() -> EDITORS.edit(input, target, image))
                    .isInstanceOf(ManifestEditException.class)
                    .hasMessageContaining(
                            Files.readString(error, StandardCharsets.UTF_8).strip());
            return;
        }
        EditResult result = EDITORS.edit(input, target, image);
        boolean changed = Boolean.parseBoolean(properties.getProperty("changed", "true"));
        assertThat(result.changed()).as("changed").isEqualTo(changed);
        if (properties.containsKey("previousValue")) {
            String previous = properties.getProperty("previousValue");
            assertThat(result.previousValue())
                    .as("previousValue")
                    .isEqualTo(previous.equals("<null>") ? null : previous);
        }
        if (properties.containsKey("newValue")) {
            assertThat(result.newValue()).as("newValue").isEqualTo(properties.getProperty("newValue"));
        }
        if (!changed) {
            assertThat(result.text()).isSameAs(input);
            return;
        }
        byte[] expected = Files.readAllBytes(dir.resolve("expected.yaml"));
        assertThat(new String(result.text().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(result.text().getBytes(StandardCharsets.UTF_8)).isEqualTo(expected);
        readsBack(target, image, result);
        EditResult again = EDITORS.edit(result.text(), target, image);
        assertThat(again.changed()).as("a second edit changes nothing").isFalse();
        assertThat(again.text()).isEqualTo(result.text());
    }

    /** The written value reads back as that exact string (not a number, not a boolean) where the target points. */
    @SuppressWarnings("unchecked")
    private static void readsBack(GitOpsTarget target, ImageRef image, EditResult result) {
        List<Object> documents = documents(result.text());
        if (target.kind() == EditKind.HELM_VALUES) {
            Object node = documents.get(0);
            for (String key : target.field().split("\\.")) {
                node = ((Map<String, Object>) node).get(key);
            }
            assertThat(node).isEqualTo(ValueFormats.value(image, target.valueFormat()));
        } else if (target.kind() == EditKind.KUSTOMIZE_IMAGE) {
            var images = (List<Map<String, Object>>) ((Map<String, Object>) documents.get(0)).get("images");
            Map<String, Object> entry = images.stream()
                    .filter(e -> target.field().equals(e.get("name")))
                    .findFirst()
                    .orElseThrow();
            String effective = entry.getOrDefault("newName", entry.get("name"))
                    + (entry.containsKey("newTag") ? ":" + entry.get("newTag") : "")
                    + (entry.containsKey("digest") ? "@" + entry.get("digest") : "");
            assertThat(effective).isEqualTo(result.newValue());
        } else {
            assertThat(result.text()).contains(result.newValue());
        }
    }

    private static List<Object> documents(String text) {
        var documents = new java.util.ArrayList<Object>();
        new Load(LoadSettings.builder().build()).loadAllFromString(text).forEach(documents::add);
        return documents;
    }

    static GitOpsTarget target(Properties properties) {
        return new GitOpsTarget(
                "https://git.example.com/acme/gitops.git",
                "main",
                properties.getProperty("path", "apps/books-api/file.yaml"),
                EditKind.valueOf(upper(properties.getProperty("kind"))),
                properties.getProperty("field"),
                ValueFormat.valueOf(upper(properties.getProperty("valueFormat"))),
                WriteMode.PUSH,
                null);
    }

    static ImageRef image(String reference) {
        ImageReference parsed = ImageReference.parse(reference);
        return new ImageRef(parsed.repository(), parsed.tag(), parsed.digest() == null ? DIGEST : parsed.digest());
    }

    private static String upper(String value) {
        return value.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static Properties load(Path dir) {
        var properties = new Properties();
        try (Reader reader = Files.newBufferedReader(dir.resolve("target.properties"), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return properties;
    }
}
