package io.gitopsflow.buildworker.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.buildworker.dockerfile.DockerfileParser;
import io.gitopsflow.buildworker.dockerfile.DockerfilePlan;
import io.gitopsflow.buildworker.spec.InvalidBuildSpecException;
import io.gitopsflow.buildworker.spec.Platform;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without a registry: the image is written as an OCI image archive per tag, whose index names the digest that is
 * published, and whose blobs are what that digest says.
 */
class JibArchiveTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void writesAnOciImageArchivePerTagWhoseIndexNamesThePublishedDigest() throws Exception {
        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("index.html"), "<h1>books</h1>\n");
        DockerfilePlan plan = DockerfileParser.parse(
                "FROM scratch\nCOPY index.html /srv/www/\nLABEL org.opencontainers.image.source=acme/books-api\n",
                Map.of());
        Path archives = work.resolve("images");
        JibImageBuilder builder =
                new JibImageBuilder(work.resolve("cache"), false, Optional.empty(), Optional.of(archives));

        PushedImage image = builder.build(
                plan, context, "registry.local:5000/acme/books-api", List.of("main-3f2a1b9-1", "3f2a1b9"));

        assertThat(image.digest()).matches("sha256:[0-9a-f]{64}");
        assertThat(image.tags()).containsExactly("main-3f2a1b9-1", "3f2a1b9");
        Path folder = archives.resolve("registry.local:5000/acme/books-api");
        try (Stream<Path> files = Files.list(folder)) {
            // no partial file is left behind
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("main-3f2a1b9-1.tar", "3f2a1b9.tar");
        }
        for (String tag : List.of("main-3f2a1b9-1", "3f2a1b9")) {
            Map<String, byte[]> entries = entries(folder.resolve(tag + ".tar"));
            assertThat(new String(entries.get("oci-layout"), StandardCharsets.UTF_8))
                    .contains("\"imageLayoutVersion\"");
            JsonNode manifests = JSON.readTree(entries.get("index.json")).get("manifests");
            assertThat(manifests).hasSize(1);
            assertThat(manifests.get(0).get("mediaType").asText())
                    .isEqualTo("application/vnd.oci.image.manifest.v1+json");
            assertThat(manifests.get(0).get("digest").asText()).isEqualTo(image.digest());
            byte[] manifest = entries.get("blobs/sha256/" + image.digest().substring("sha256:".length()));
            assertThat(manifest).as("the manifest blob").isNotNull();
            assertThat("sha256:" + sha256(manifest)).isEqualTo(image.digest());
            JsonNode layers = JSON.readTree(manifest).get("layers");
            assertThat(layers).as("the application layer").hasSize(1);
            String layer = layers.get(0).get("digest").asText();
            assertThat("sha256:" + sha256(entries.get("blobs/sha256/" + layer.substring("sha256:".length()))))
                    .isEqualTo(layer);
        }
    }

    @Test
    void aRefPushedLaterGetsItsTagsAsArchivesOfTheSameImageWithoutABuild() throws Exception {
        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("index.html"), "<h1>books</h1>\n");
        DockerfilePlan plan = DockerfileParser.parse("FROM scratch\nCOPY index.html /srv/www/\n", Map.of());
        Path archives = work.resolve("images");
        String repository = "registry.local:5000/acme/books-api";
        PushedImage built = new JibImageBuilder(work.resolve("cache"), false, Optional.empty(), Optional.of(archives))
                .build(plan, context, repository, List.of("3f2a1b9", "feature-x-3f2a1b9-1"));

        PushedImage tagged = new ImageRetagger(false, Optional.empty(), Optional.of(archives))
                .retag(repository, built.digest(), "3f2a1b9", List.of("3f2a1b9", "main-3f2a1b9-4"));

        assertThat(tagged.digest()).isEqualTo(built.digest());
        assertThat(tagged.tags()).containsExactly("3f2a1b9", "main-3f2a1b9-4");
        Path folder = archives.resolve("registry.local:5000/acme/books-api");
        assertThat(Files.readAllBytes(folder.resolve("main-3f2a1b9-4.tar")))
                .isEqualTo(Files.readAllBytes(folder.resolve("3f2a1b9.tar")));
        assertThat(Files.isSameFile(folder.resolve("main-3f2a1b9-4.tar"), folder.resolve("3f2a1b9.tar")))
                .as("a hard link")
                .isTrue();
    }

    @Test
    void onePlatformIsBuiltForThatPlatformWhileSeveralOrAVariantAreRefusedBeforeAnyBuild() throws Exception {
        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("index.html"), "<h1>books</h1>\n");
        DockerfilePlan plan = DockerfileParser.parse("FROM scratch\nCOPY index.html /srv/www/\n", Map.of());
        Path archives = work.resolve("images");
        String repository = "registry.local:5000/acme/books-api";
        JibImageBuilder builder =
                new JibImageBuilder(work.resolve("cache"), false, Optional.empty(), Optional.of(archives));

        PushedImage arm =
                builder.build(plan, context, repository, List.of("arm"), List.of(Platform.parse("linux/arm64")));

        Map<String, byte[]> entries = entries(archives.resolve("registry.local:5000/acme/books-api/arm.tar"));
        JsonNode manifest =
                JSON.readTree(entries.get("blobs/sha256/" + arm.digest().substring("sha256:".length())));
        String config = manifest.at("/config/digest").asText().substring("sha256:".length());
        JsonNode configuration = JSON.readTree(entries.get("blobs/sha256/" + config));
        assertThat(configuration.get("architecture").asText()).isEqualTo("arm64");
        assertThat(configuration.get("os").asText()).isEqualTo("linux");

        assertThatThrownBy(() -> builder.build(
                        plan,
                        context,
                        repository,
                        List.of("two"),
                        List.of(Platform.parse("linux/amd64"), Platform.parse("linux/arm64"))))
                .isInstanceOf(InvalidBuildSpecException.class)
                .hasMessageContaining("OCI image archives of one image each");
        assertThatThrownBy(() -> builder.build(
                        plan, context, repository, List.of("v7"), List.of(Platform.parse("linux/arm/v7"))))
                .isInstanceOf(InvalidBuildSpecException.class)
                .hasMessage("the jib builder cannot build linux/arm/v7: Jib picks base images by os and architecture"
                        + " only; write linux/arm");
        assertThat(archives.resolve("registry.local:5000/acme/books-api/two.tar"))
                .doesNotExist();
    }

    private static Map<String, byte[]> entries(Path archive) throws Exception {
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(archive);
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (!entry.isDirectory()) {
                    entries.put(entry.getName(), tar.readAllBytes());
                }
            }
        }
        return entries;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
