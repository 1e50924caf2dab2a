package io.gitopsflow.spec.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline check of pipeline files: the shipped sample is clean, a broken file and a missing one say where. */
class PipelineLintTest {

    @TempDir
    Path dir;

    @Test
    void theShippedSamplePipelineHasNoError() {
        assertThat(PipelineLint.check(Path.of("..", "deploy", "config", "pipelines", "books.yaml")))
                .isEmpty();
    }

    @Test
    void errorsNameTheFileAsGivenWithLineAndColumn() throws IOException {
        Path file = Files.writeString(dir.resolve("books.yaml"), "name: Books\nwarehouse: {}\nstages: []\n");

        assertThat(PipelineLint.check(Map.of("pipelines/books.yaml", file)))
                .first()
                .satisfies(error -> {
                    assertThat(error.file()).isEqualTo("pipelines/books.yaml");
                    assertThat(error.line()).isEqualTo(1);
                    assertThat(error.column()).isEqualTo(7);
                });
    }

    @Test
    void aFileThatCannotBeReadIsAnErrorNotAnException() {
        assertThat(PipelineLint.check(dir.resolve("missing.yaml")))
                .singleElement()
                .satisfies(error -> assertThat(error.message()).startsWith("cannot be read: "));
    }
}
