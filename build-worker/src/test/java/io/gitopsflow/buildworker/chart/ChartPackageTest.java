package io.gitopsflow.buildworker.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartPackageTest {

    private static final Instant RELEASED = Instant.parse("2026-12-06T09:00:00Z");

    @TempDir
    Path checkout;

    @Test
    void thePackageHasHelmsLayoutAndLeavesOutWhatHelmignoreAndGitLeaveOut() throws IOException {
        Path chart = checkout.resolve("helm/books-api");
        write(chart, "Chart.yaml", "apiVersion: v2\nname: books-api\nversion: 0.1.0\n");
        write(chart, "values.yaml", "replicaCount: 1\n");
        write(chart, "values.schema.json", "{}\n");
        write(chart, "templates/deployment.yaml", "kind: Deployment\n");
        write(chart, "templates/_helpers.tpl", "{{/* helpers */}}\n");
        write(chart, "templates/.deployment.yaml.swp", "editor swap file\n");
        write(chart, "README.md", "# books-api\n");
        write(chart, "secrets/key.pem", "secret\n");
        write(chart, "ci/test-values.yaml", "anchored: ignored\n");
        write(chart, "sub/ci/kept.yaml", "anchored rule: kept here\n");
        write(chart, "files/a-b.txt", "walked after files/a/\n");
        write(chart, "files/a/x.txt", "walked before files/a-b.txt\n");
        write(chart, ".git/config", "[core]\n");
        write(chart, ".helmignore", "# docs stay in Git\n*.md\n\nsecrets/\n/ci/\n  \n");
        String edited = "apiVersion: v2\nname: books-api\nversion: 1.2.0\n";

        byte[] tgz = ChartPackage.pack(chart, checkout, "books-api", edited, RELEASED);

        Map<String, String> entries = entries(tgz);
        assertThat(entries.keySet())
                .containsExactly(
                        "books-api/Chart.yaml",
                        "books-api/values.yaml",
                        "books-api/values.schema.json",
                        "books-api/templates/_helpers.tpl",
                        "books-api/templates/deployment.yaml",
                        "books-api/.helmignore",
                        "books-api/files/a/x.txt",
                        "books-api/files/a-b.txt",
                        "books-api/sub/ci/kept.yaml");
        assertThat(entries).containsEntry("books-api/Chart.yaml", edited);
        assertThat(headers(tgz)).allSatisfy(entry -> {
            assertThat(entry.getMode()).isEqualTo(0644);
            assertThat(entry.isFile()).isTrue();
            assertThat(entry.getModTime().toInstant()).isEqualTo(RELEASED);
            assertThat(entry.getUserName()).isEmpty();
        });
        // the same commit packaged again gives the same bytes, so the same digest
        assertThat(ChartPackage.pack(chart, checkout, "books-api", edited, RELEASED))
                .isEqualTo(tgz);
    }

    @Test
    void rulesHelmRefusesOrDoesNotHonourAreRefusedWithTheirLine() throws IOException {
        Path chart = checkout.resolve("chart");
        write(chart, "Chart.yaml", "name: c\n");
        write(chart, ".helmignore", "*.md\n**/tmp\n");
        assertThatThrownBy(() -> ChartPackage.pack(chart, checkout, "c", "name: c\n", RELEASED))
                .isInstanceOf(ChartException.class)
                .hasMessage(".helmignore line 2 (**/tmp): '**' is not supported by Helm");
        write(chart, ".helmignore", "!keep.txt\n");
        assertThatThrownBy(() -> ChartPackage.pack(chart, checkout, "c", "name: c\n", RELEASED))
                .isInstanceOf(ChartException.class)
                .hasMessageContaining("line 1 (!keep.txt)");
    }

    @Test
    void globsFollowGoFilepathMatchAndFolderRulesMatchFoldersOnly() {
        HelmIgnore ignore = HelmIgnore.parse("a[b-d].txt\ntemp?\n*/nested*\nbuild/\nx[^0-9]\n");

        assertThat(ignore.ignores("ac.txt", false)).isTrue();
        assertThat(ignore.ignores("deep/ad.txt", false)).isTrue();
        assertThat(ignore.ignores("ae.txt", false)).isFalse();
        assertThat(ignore.ignores("temp1", false)).isTrue();
        assertThat(ignore.ignores("temp12", false)).isFalse();
        assertThat(ignore.ignores("dir/nested.yaml", false)).isTrue();
        assertThat(ignore.ignores("dir/deeper/nested.yaml", false)).isFalse();
        assertThat(ignore.ignores("build", true)).isTrue();
        assertThat(ignore.ignores("build", false)).isFalse();
        assertThat(ignore.ignores("xa", false)).isTrue();
        assertThat(ignore.ignores("x1", false)).isFalse();
        assertThat(ignore.ignores("templates/.hidden", false)).isTrue();
    }

    private static void write(Path folder, String path, String content) throws IOException {
        Path file = folder.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static Map<String, String> entries(byte[] tgz) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tgz)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                entries.put(entry.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    private static List<TarArchiveEntry> headers(byte[] tgz) throws IOException {
        List<TarArchiveEntry> headers = new ArrayList<>();
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tgz)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                headers.add(entry);
            }
        }
        return headers;
    }
}
