package io.gitopsflow.buildworker.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.buildworker.dockerfile.DockerfileParser;
import io.gitopsflow.buildworker.dockerfile.DockerfilePlan;
import io.gitopsflow.testkit.OciRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jib builds from a Dockerfile and pushes to a real registry (Debian's docker-registry, installed by .ci/run). */
class JibImageBuilderIT {

    private static final String MANIFESTS =
            "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static OciRegistry registry;

    @TempDir
    Path work;

    @BeforeAll
    static void startRegistry() {
        // the registry is a real component that only a Debian package provides: without it there is nothing to test
        Assumptions.assumeTrue(
                OciRegistry.available(), "docker-registry is not installed (apt-get install docker-registry)");
        registry = OciRegistry.start();
        registry.pushBaseImage("base/tiny:1");
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void buildsTheDockerfileOnItsBaseImageAndPushesEveryTag() throws Exception {
        Path context = context();
        DockerfilePlan plan = DockerfileParser.parse(Files.readString(context.resolve("Dockerfile")), Map.of());
        String repository = registry.host() + "/acme/books-api";
        String sha = "3f2a1b9d8078be626f85db9ef09ed1744a58cf66";

        var pushed = new JibImageBuilder(work.resolve("cache"), true)
                .build(plan, context, repository, List.of(sha, "main-3f2a1b9-1"));

        assertThat(pushed.digest()).matches("sha256:[0-9a-f]{64}");
        JsonNode tags = JSON.readTree(
                registry.get("/v2/acme/books-api/tags/list", "application/json").body());
        assertThat(tags.get("tags")).extracting(JsonNode::asText).contains(sha, "main-3f2a1b9-1");

        HttpResponse<String> manifest = registry.get("/v2/acme/books-api/manifests/main-3f2a1b9-1", MANIFESTS);
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(manifest.headers().firstValue("Docker-Content-Digest")).contains(pushed.digest());
        JsonNode layers = JSON.readTree(manifest.body()).get("layers");
        assertThat(layers).as("the base layer and the application layer").hasSize(2);

        String configDigest =
                JSON.readTree(manifest.body()).get("config").get("digest").asText();
        JsonNode config = JSON.readTree(registry.get("/v2/acme/books-api/blobs/" + configDigest, "*/*")
                        .body())
                .get("config");
        assertThat(config.get("Env")).extracting(JsonNode::asText).contains("APP_HOME=/app");
        assertThat(config.get("User").asText()).isEqualTo("1000");
        assertThat(config.get("WorkingDir").asText()).isEqualTo("/app");
        assertThat(config.get("Entrypoint"))
                .extracting(JsonNode::asText)
                .containsExactly("java", "-jar", "/app/app.jar");
        assertThat(config.path("Cmd").size())
                .as("a new ENTRYPOINT drops the base image's CMD")
                .isZero();
        assertThat(config.get("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(config.get("Labels").get("org.opencontainers.image.source").asText())
                .isEqualTo("https://github.com/acme/books-api");
    }

    @Test
    void pullsAndPushesWithTheRegistryCredentialsAndNamesARefusalWithoutThePassword() throws Exception {
        String password = "pa55-w0rd-4711";
        // Jib sends credentials over plain HTTP only when told to; a real private registry would use HTTPS
        System.setProperty("sendCredentialsOverHttp", "true");
        try (OciRegistry locked = OciRegistry.startWithPassword("builder", password)) {
            locked.pushBaseImage("base/tiny:1");
            Path context = context();
            DockerfilePlan plan = DockerfileParser.parse(
                    "FROM " + locked.host() + "/base/tiny:1\nCOPY target/app.jar /app/app.jar\n", Map.of());
            String repository = locked.host() + "/acme/private";

            var pushed = new JibImageBuilder(
                            work.resolve("cache-locked"),
                            true,
                            Optional.of(new JibImageBuilder.RegistryCredentials(locked.host(), "builder", password)))
                    .build(plan, context, repository, List.of("v1"));
            assertThat(pushed.digest()).matches("sha256:[0-9a-f]{64}");
            assertThat(locked.get("/v2/acme/private/tags/list", "application/json")
                            .body())
                    .contains("v1");

            // another ref's tag for the same image: its manifest copied with the same credentials, the same digest
            var credentials = Optional.of(new JibImageBuilder.RegistryCredentials(locked.host(), "builder", password));
            new ImageRetagger(true, credentials, Optional.empty())
                    .retag(repository, pushed.digest(), "v1", List.of("main-3f2a1b9-2"));
            assertThat(locked.get(
                                    "/v2/acme/private/manifests/main-3f2a1b9-2",
                                    "application/vnd.docker.distribution.manifest.v2+json")
                            .headers()
                            .firstValue("Docker-Content-Digest"))
                    .contains(pushed.digest());
            assertThatThrownBy(() -> new ImageRetagger(true, Optional.empty(), Optional.empty())
                            .retag(repository, pushed.digest(), "v1", List.of("stolen")))
                    .isInstanceOf(ImageBuildException.class)
                    .message()
                    .doesNotContain(password);

            for (var wrong : List.of(
                    Optional.<JibImageBuilder.RegistryCredentials>empty(),
                    Optional.of(new JibImageBuilder.RegistryCredentials(locked.host(), "builder", "wrong-secret")))) {
                assertThatThrownBy(() -> new JibImageBuilder(work.resolve("cache-wrong"), true, wrong)
                                .build(plan, context, repository, List.of("v2")))
                        .isInstanceOf(ImageBuildException.class)
                        .hasMessageContaining("unauthorized")
                        .message()
                        .doesNotContain(password, "wrong-secret");
            }
            assertThat(locked.get("/v2/acme/private/tags/list", "application/json")
                            .body())
                    .doesNotContain("v2");
        } finally {
            System.clearProperty("sendCredentialsOverHttp");
        }
    }

    @Test
    void refusesASourceThatIsNotInTheContextOrEscapesIt() throws Exception {
        Path context = context();
        Files.createSymbolicLink(context.resolve("outside"), Path.of("/etc"));
        String repository = registry.host() + "/acme/broken";
        JibImageBuilder builder = new JibImageBuilder(work.resolve("cache"), true);

        DockerfilePlan missing = DockerfileParser.parse(
                "FROM " + registry.host() + "/base/tiny:1\nCOPY target/missing.jar /app/app.jar\n", Map.of());
        assertThatThrownBy(() -> builder.build(missing, context, repository, List.of("x")))
                .isInstanceOf(ImageBuildException.class)
                .hasMessage("Dockerfile line 2: target/missing.jar is not in the context");

        DockerfilePlan escaping =
                DockerfileParser.parse("FROM " + registry.host() + "/base/tiny:1\nCOPY outside/passwd /p\n", Map.of());
        assertThatThrownBy(() -> builder.build(escaping, context, repository, List.of("x")))
                .hasMessageContaining("symbolic link");
        assertThat(registry.get("/v2/acme/broken/tags/list", "application/json").statusCode())
                .as("nothing was pushed")
                .isEqualTo(404);
    }

    private Path context() throws Exception {
        Path context = Files.createDirectories(work.resolve("checkout"));
        Files.createDirectories(context.resolve("target"));
        Files.write(context.resolve("target/app.jar"), new byte[] {0x50, 0x4b, 3, 4, 1, 2, 3});
        Files.createDirectories(context.resolve("config"));
        Files.writeString(context.resolve("config/application.properties"), "greeting=hello\n");
        Files.writeString(context.resolve("Dockerfile"), """
                FROM %s/base/tiny:1
                ARG JAR=target/app.jar
                ENV APP_HOME=/app
                WORKDIR /app
                COPY --chown=1000:1000 ${JAR} app.jar
                COPY config/ /app/config/
                LABEL org.opencontainers.image.source="https://github.com/acme/books-api"
                USER 1000
                EXPOSE 8080
                ENTRYPOINT ["java", "-jar", "/app/app.jar"]
                """.formatted(registry.host()));
        return context;
    }
}
