package io.gitopsflow.buildworker.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildSpecLoaderTest {

    private static final String REGISTRY = "registry.local:5000";

    @TempDir
    Path checkout;

    @TempDir
    Path outside;

    private final BuildSpecLoader loader = new BuildSpecLoader(List.of("jib", "kubernetes"));

    @BeforeEach
    void dockerfile() throws IOException {
        Files.writeString(checkout.resolve("Dockerfile"), "FROM scratch\n");
    }

    private void buildYaml(String yaml) throws IOException {
        Files.createDirectories(checkout.resolve(".gitops-flow"));
        Files.writeString(checkout.resolve(BuildSpecLoader.SPEC_PATH), yaml);
    }

    private BuildSpec load() {
        return loader.load(checkout, REGISTRY, "Acme/Books-API");
    }

    @Test
    void usesTheConventionsWithoutBuildYaml() {
        BuildSpec spec = load();

        assertThat(spec)
                .isEqualTo(new BuildSpec(
                        "Dockerfile",
                        ".",
                        "registry.local:5000/acme/books-api",
                        List.of(),
                        BuildSpec.Builder.JIB,
                        Map.of()));
        assertThat(spec.dockerfileIn(checkout))
                .isEqualTo(checkout.toAbsolutePath().resolve("Dockerfile"));
        assertThat(spec.contextIn(checkout)).isEqualTo(checkout.toAbsolutePath());
    }

    @Test
    void readsAFullBuildYaml() throws IOException {
        Files.createDirectories(checkout.resolve("docker/app"));
        Files.writeString(checkout.resolve("docker/Dockerfile.jvm"), "FROM scratch\n");
        buildYaml("""
                # how books-api is built
                dockerfile: docker/Dockerfile.jvm
                context: docker/app/
                image: registry.local:5000/team/books
                tags: [latest, stable]
                builder: kubernetes
                buildArgs:
                  JAVA_VERSION: 17
                  RELEASE: 1.10
                  PROFILE: "prod"
                """);

        BuildSpec spec = load();

        assertThat(spec.dockerfile()).isEqualTo("docker/Dockerfile.jvm");
        assertThat(spec.context()).isEqualTo("docker/app");
        assertThat(spec.imageRepository()).isEqualTo("registry.local:5000/team/books");
        assertThat(spec.extraTags()).containsExactly("latest", "stable");
        assertThat(spec.builder()).isEqualTo(BuildSpec.Builder.KUBERNETES);
        // scalars stay as written: 1.10 must not become 1.1
        assertThat(spec.buildArgs())
                .containsExactly(
                        Map.entry("JAVA_VERSION", "17"), Map.entry("RELEASE", "1.10"), Map.entry("PROFILE", "prod"));
        assertThat(spec.contextIn(checkout)).isEqualTo(checkout.toAbsolutePath().resolve("docker/app"));
    }

    @Test
    void anEmptyBuildYamlMeansTheConventions() throws IOException {
        buildYaml("# nothing yet\n");

        assertThat(load().imageRepository()).isEqualTo("registry.local:5000/acme/books-api");
    }

    @Test
    void refusesUnknownKeysWithTheirLine() throws IOException {
        buildYaml("dockerfile: Dockerfile\nimages: registry.local:5000/x\n");

        assertThatThrownBy(this::load)
                .isInstanceOf(InvalidBuildSpecException.class)
                .hasMessageStartingWith(".gitops-flow/build.yaml line 2: unknown key \"images\"");
    }

    @Test
    void refusesParentPaths() throws IOException {
        buildYaml("dockerfile: ../other/Dockerfile\n");

        assertThatThrownBy(this::load)
                .isInstanceOf(InvalidBuildSpecException.class)
                .hasMessageContaining("line 1")
                .hasMessageContaining("must not contain '..' segments");
    }

    @Test
    void refusesAbsolutePaths() throws IOException {
        buildYaml("context: /etc\n");

        assertThatThrownBy(this::load)
                .isInstanceOf(InvalidBuildSpecException.class)
                .hasMessageContaining("must be relative to the repository, not absolute");
    }

    @Test
    void refusesADockerfileSymlinkLeavingTheCheckout() throws IOException {
        Files.writeString(outside.resolve("Dockerfile"), "FROM scratch\n");
        Files.createSymbolicLink(checkout.resolve("linked"), outside);
        buildYaml("dockerfile: linked/Dockerfile\n");

        assertThatThrownBy(this::load)
                .isInstanceOf(InvalidBuildSpecException.class)
                .hasMessageContaining("escapes the repository through a symbolic link");
    }

    @Test
    void refusesAConventionalDockerfileSymlinkLeavingTheCheckout() throws IOException {
        Files.delete(checkout.resolve("Dockerfile"));
        Files.writeString(outside.resolve("Dockerfile"), "FROM scratch\n");
        Files.createSymbolicLink(checkout.resolve("Dockerfile"), outside.resolve("Dockerfile"));

        assertThatThrownBy(this::load)
                .isInstanceOf(InvalidBuildSpecException.class)
                .hasMessageContaining("escapes the repository through a symbolic link");
    }

    @Test
    void refusesBadImageNames() throws IOException {
        buildYaml("image: registry.local:5000/Acme/Books\n");
        assertThatThrownBy(this::load)
                .isInstanceOf(InvalidBuildSpecException.class)
                .hasMessageContaining("line 1: image: invalid image repository");

        buildYaml("image: registry.local:5000/acme/books:1.0\n");
        assertThatThrownBy(this::load)
                .isInstanceOf(InvalidBuildSpecException.class)
                .hasMessageContaining("tag");

        buildYaml("image: acme/books\n");
        assertThatThrownBy(this::load)
                .isInstanceOf(InvalidBuildSpecException.class)
                .hasMessageContaining("must name its registry");
    }

    @Test
    void refusesBadTagsBuilderAndBuildArgs() throws IOException {
        buildYaml("tags: [\"-bad\"]\n");
        assertThatThrownBy(this::load)
                .isInstanceOf(InvalidBuildSpecException.class)
                .hasMessageContaining("image tag");

        buildYaml("builder: docker\n");
        assertThatThrownBy(this::load)
                .isInstanceOf(InvalidBuildSpecException.class)
                .hasMessageContaining("builder must be jib or kubernetes");

        buildYaml("buildArgs:\n  NESTED: [a]\n");
        assertThatThrownBy(this::load)
                .isInstanceOf(InvalidBuildSpecException.class)
                .hasMessageContaining("must have a text value");
    }

    @Test
    void reportsAMissingDockerfile() throws IOException {
        Files.delete(checkout.resolve("Dockerfile"));
        assertThatThrownBy(this::load)
                .isInstanceOf(InvalidBuildSpecException.class)
                .hasMessage("no Dockerfile at \"Dockerfile\"");

        buildYaml("dockerfile: docker/Dockerfile\n");
        assertThatThrownBy(this::load)
                .isInstanceOf(InvalidBuildSpecException.class)
                .hasMessage("no Dockerfile at \"docker/Dockerfile\"");
    }

    @Test
    void reportsMalformedYamlWithLineAndColumn() throws IOException {
        buildYaml("dockerfile: Dockerfile\ntags: [a, b\nbuilder: jib\n");

        assertThatThrownBy(this::load)
                .isInstanceOf(InvalidBuildSpecException.class)
                .hasMessageMatching("(?s)\\.gitops-flow/build\\.yaml line \\d+, column \\d+: not valid YAML: .*");

        buildYaml("dockerfile: a\ndockerfile: b\n");
        assertThatThrownBy(this::load)
                .isInstanceOf(InvalidBuildSpecException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("dockerfile");

        buildYaml("- just\n- a list\n");
        assertThatThrownBy(this::load)
                .isInstanceOf(InvalidBuildSpecException.class)
                .hasMessageContaining("must be a mapping");
    }

    @Test
    void readsThePlatformsToBuildForAndBuildsTheDefaultOneWithoutThem() throws IOException {
        assertThat(load().platforms()).isEmpty();
        assertThat(load().platformsOrDefault()).containsExactly(Platform.DEFAULT);

        buildYaml("builder: jib\nplatforms: [linux/amd64, linux/arm64]\n");
        assertThat(load().platforms()).extracting(Platform::toString).containsExactly("linux/amd64", "linux/arm64");
        assertThat(load().platformsOrDefault()).isEqualTo(load().platforms());
    }

    @Test
    void refusesUnknownOrDuplicatePlatformsWithTheirLine() throws IOException {
        buildYaml("builder: jib\nplatforms:\n  - linux/amd64\n  - linux/amd64\n");
        assertThatThrownBy(this::load)
                .isInstanceOf(InvalidBuildSpecException.class)
                .hasMessage(
                        ".gitops-flow/build.yaml line 2: platforms: invalid platform \"linux/amd64\": is listed twice");

        buildYaml("platforms: [linux/x86_64]\n");
        assertThatThrownBy(this::load)
                .hasMessageContaining("line 1: platforms:")
                .hasMessageContaining("write linux/amd64");

        buildYaml("platforms: linux/arm64\n");
        assertThatThrownBy(this::load).hasMessageContaining("must be a list such as [linux/amd64, linux/arm64]");
    }

    @Test
    void keepsTheChartKeysAsWrittenForTheChartStep() throws IOException {
        assertThat(load().chart()).isNull();
        assertThat(load().chartRepository()).isNull();

        buildYaml("chart: deploy/chart/\nchartRepository: registry.local:5000/team/charts/books\n");
        assertThat(load().chart()).isEqualTo("deploy/chart/");
        assertThat(load().chartRepository()).isEqualTo("registry.local:5000/team/charts/books");

        buildYaml("chart: [deploy/chart]\n");
        assertThatThrownBy(this::load)
                .isInstanceOf(InvalidBuildSpecException.class)
                .hasMessageContaining("line 1: chart must be a single value");
    }
}
