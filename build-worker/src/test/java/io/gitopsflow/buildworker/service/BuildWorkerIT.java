package io.gitopsflow.buildworker.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import io.gitopsflow.buildworker.RegistryTestResource;
import io.gitopsflow.buildworker.TestPushes;
import io.gitopsflow.buildworker.builder.ImageRetagger;
import io.gitopsflow.buildworker.chart.ChartYaml;
import io.gitopsflow.buildworker.chart.HelmChartArtifact;
import io.gitopsflow.buildworker.chart.PulledChart;
import io.gitopsflow.events.BuildFailed;
import io.gitopsflow.events.ChartPublished;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventType;
import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.events.codec.CloudEventAttributes;
import io.gitopsflow.events.codec.EventEnvelope;
import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.OciRegistry;
import io.gitopsflow.testkit.quarkus.GitServerTestResource;
import io.gitopsflow.testkit.quarkus.GitServerTestResource.InjectGitServer;
import io.gitopsflow.testkit.quarkus.JwtTestResource;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** commit-pushed → image-published or build-failed, through the real broker, database, Git server and registry. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "build_worker"))
@WithTestResource(GitServerTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(RegistryTestResource.class)
class BuildWorkerIT {

    /** A signed-in user without roles: enough to read. */
    private static final String VIEWER = JwtTestResource.token("viewer");

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaTestClient kafka;

    @InjectGitServer
    GitServer git;

    @ConfigProperty(name = "gitops-flow.build.registry")
    String registry;

    @ConfigProperty(name = "gitops-flow.build.cache-directory")
    String cacheDirectory;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @BeforeEach
    void needsTheRegistry() {
        // pushing needs a real registry, which only Debian's docker-registry package provides here
        Assumptions.assumeTrue(OciRegistry.available(), "docker-registry is not installed");
    }

    @Test
    void buildsAPushedCommitOncePublishesTheImageAndRepublishesOnRedelivery() throws Exception {
        String name = "acme/app-" + UUID.randomUUID().toString().substring(0, 8);
        git.createRepository(
                name,
                Map.of(
                        "Dockerfile",
                        "FROM " + registry
                                + "/base/tiny:1\nCOPY app.txt /app/app.txt\nENTRYPOINT [\"cat\", \"/app/app.txt\"]\n",
                        "app.txt",
                        "hello\n"));
        String head = git.head(name);
        CommitPushed push = TestPushes.toMain(git, name, head);

        CloudEventAttributes sent = kafka.produce(EventType.COMMIT_PUSHED, push, head);

        EventEnvelope<ImagePublished> published = kafka.awaitEvent(
                EventType.IMAGE_PUBLISHED,
                e -> e.data().source() != null && head.equals(e.data().source().commit()),
                WAIT);
        ImagePublished image = published.data();
        assertThat(image.imageRepository()).isEqualTo(registry + "/" + name);
        assertThat(image.tags()).containsExactly(head, "main-" + head.substring(0, 7) + "-1");
        assertThat(image.origin()).isEqualTo(ImagePublished.Origin.BUILD_WORKER);
        assertThat(published.attributes().correlationId()).isEqualTo(head);
        assertThat(published.attributes().source().toString()).isEqualTo("/gitops-flow/build-worker");
        assertThat(registryTags(name)).contains(head, "main-" + head.substring(0, 7) + "-1");

        given().auth()
                .oauth2(VIEWER)
                .get("/builds/" + image.buildId())
                .then()
                .statusCode(200)
                .body("status", equalTo("SUCCEEDED"))
                .body("digest", equalTo(image.digest()));

        // the same push again (a redelivery): the stored result is published again, nothing is built twice
        kafka.produce(EventType.COMMIT_PUSHED, new EventEnvelope<>(sent, push));
        List<ImagePublished> results = kafka
                .awaitRecords(
                        EventType.IMAGE_PUBLISHED.topic(),
                        2,
                        r -> KafkaTestClient.decode(EventType.IMAGE_PUBLISHED, r)
                                .map(e -> e.data().source() != null
                                        && head.equals(e.data().source().commit()))
                                .orElse(false),
                        WAIT)
                .stream()
                .map(r -> KafkaTestClient.decode(EventType.IMAGE_PUBLISHED, r)
                        .orElseThrow()
                        .data())
                .toList();
        assertThat(results).extracting(ImagePublished::buildId).containsOnly(image.buildId());
        assertThat(results).extracting(ImagePublished::digest).containsOnly(image.digest());
        given().auth()
                .oauth2(VIEWER)
                .queryParam("repository", name)
                .get("/builds")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1));
        // every build of one commit, however many builds came after it; a commit that is not a full id is refused
        given().auth()
                .oauth2(VIEWER)
                .queryParam("commit", head)
                .get("/builds")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].id", equalTo(image.buildId()));
        given().auth()
                .oauth2(VIEWER)
                .queryParam("commit", head.substring(0, 7) + "' or 1=1 --")
                .get("/builds")
                .then()
                .statusCode(400)
                .body(org.hamcrest.Matchers.containsString("full commit id"));
    }

    @Test
    void aReleaseTagPushesTheChartWithTheAppVersionAfterTheImageAndHelmReadsIt() throws Exception {
        String name = "acme/books-api";
        String chartYaml = """
                # bumped by every release
                apiVersion: v2
                name: books-api
                description: The books API
                type: application
                version: 0.1.0   # the chart's version
                appVersion: "0.1.0"
                """;
        git.createRepository(
                name,
                Map.of(
                        "Dockerfile",
                        "FROM " + registry + "/base/tiny:1\n",
                        "helm/books-api/Chart.yaml",
                        chartYaml,
                        "helm/books-api/values.yaml",
                        "image:\n  tag: latest\n",
                        "helm/books-api/templates/configmap.yaml",
                        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Chart.Name }}\n"
                                + "data:\n  version: {{ .Chart.AppVersion | quote }}\n",
                        "helm/books-api/.helmignore",
                        "*.md\n",
                        "helm/books-api/NOTES.md",
                        "left out by .helmignore\n"));
        String head = git.head(name);
        // as seed 000 releases: main is built, then the tag on the same commit tags that image and adds the chart
        kafka.produce(EventType.COMMIT_PUSHED, TestPushes.toMain(git, name, head), head);
        kafka.awaitEvent(
                EventType.IMAGE_PUBLISHED,
                e -> e.data().source() != null && head.equals(e.data().source().commit()),
                WAIT);
        kafka.produce(EventType.COMMIT_PUSHED, TestPushes.toTag(git, name, head, "v1.2.0"), head);

        ChartPublished chart = kafka.awaitEvent(
                        EventType.CHART_PUBLISHED,
                        e -> e.data().source() != null
                                && head.equals(e.data().source().commit()),
                        WAIT)
                .data();
        assertThat(chart.chartRepository()).isEqualTo(registry + "/acme/charts/books-api");
        assertThat(chart.version()).isEqualTo("1.2.0");
        assertThat(chart.appVersion()).isEqualTo("1.2.0");
        ImagePublished image = kafka.awaitEvent(
                        EventType.IMAGE_PUBLISHED,
                        e -> e.data().source() != null
                                && head.equals(e.data().source().commit())
                                && e.data().tags().contains("1.2.0"),
                        WAIT)
                .data();
        assertThat(chart.buildId()).isEqualTo(image.buildId());

        PulledChart pulled = PulledChart.pull(registry, "acme/charts/books-api", "1.2.0");
        assertThat(pulled.digest()).isEqualTo(chart.digest());
        assertThat(pulled.manifestContentType()).isEqualTo(HelmChartArtifact.MANIFEST_MEDIA_TYPE);
        assertThat(pulled.manifest().at("/config/mediaType").asText()).isEqualTo(HelmChartArtifact.CONFIG_MEDIA_TYPE);
        assertThat(pulled.manifest().at("/layers").size()).isEqualTo(1);
        assertThat(pulled.manifest().at("/layers/0/mediaType").asText())
                .isEqualTo(HelmChartArtifact.CONTENT_MEDIA_TYPE);
        assertThat(pulled.manifest().at("/layers/0/digest").asText()).isEqualTo(pulled.layerDigest());
        assertThat(pulled.manifest()
                        .at("/annotations/org.opencontainers.image.title")
                        .asText())
                .isEqualTo("books-api");
        assertThat(pulled.manifest()
                        .at("/annotations/org.opencontainers.image.version")
                        .asText())
                .isEqualTo("1.2.0");
        assertThat(pulled.config().toString())
                .isEqualTo("{\"name\":\"books-api\",\"version\":\"1.2.0\",\"description\":\"The books API\","
                        + "\"apiVersion\":\"v2\",\"appVersion\":\"1.2.0\",\"type\":\"application\"}");
        assertThat(pulled.files().keySet())
                .containsExactly(
                        "books-api/Chart.yaml",
                        "books-api/values.yaml",
                        "books-api/templates/configmap.yaml",
                        "books-api/.helmignore");
        assertThat(pulled.files())
                .containsEntry(
                        "books-api/Chart.yaml",
                        chartYaml
                                .replace("version: 0.1.0   #", "version: 1.2.0   #")
                                .replace("appVersion: \"0.1.0\"", "appVersion: \"1.2.0\""));
        // the manifest is stored byte for byte as written (so a registry-less run's digest is the one a push gives)
        String created = pulled.manifest()
                .at("/annotations/org.opencontainers.image.created")
                .asText();
        assertThat(HelmChartArtifact.of(
                                ChartYaml.metadata(pulled.files().get("books-api/Chart.yaml")),
                                pulled.layer(),
                                java.time.Instant.parse(created))
                        .manifestDigest())
                .isEqualTo(chart.digest());

        // the real Helm client (its Go library) pulls and reads the chart as helm show chart does
        String shown = Helm.show("oci://" + chart.chartRepository())
                .chart()
                .withVersion("1.2.0")
                .plainHttp()
                .call();
        assertThat(shown).contains("name: books-api", "version: 1.2.0", "appVersion: 1.2.0");

        given().auth()
                .oauth2(VIEWER)
                .get("/builds/" + image.buildId())
                .then()
                .statusCode(200)
                .body("chartRepository", equalTo(chart.chartRepository()))
                .body("chartVersion", equalTo("1.2.0"))
                .body("chartDigest", equalTo(chart.digest()))
                .body("retagOf", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void aDockerfileJibCannotHonourOrAMissingCommitEndsAsBuildFailedWithTheReason() throws Exception {
        String name = "acme/runs-" + UUID.randomUUID().toString().substring(0, 8);
        git.createRepository(name, Map.of("Dockerfile", "FROM " + registry + "/base/tiny:1\nRUN make\n"));
        String head = git.head(name);
        kafka.produce(EventType.COMMIT_PUSHED, TestPushes.toMain(git, name, head), head);

        BuildFailed failed = kafka.awaitEvent(
                        EventType.BUILD_FAILED,
                        e -> head.equals(e.data().source().commit()),
                        WAIT)
                .data();
        assertThat(failed.failedStep()).isEqualTo("spec");
        assertThat(failed.reason()).startsWith("Dockerfile line 2: RUN");

        String missing = "0123456789abcdef0123456789abcdef01234567";
        kafka.produce(EventType.COMMIT_PUSHED, TestPushes.toMain(git, name, missing), missing);
        BuildFailed notThere = kafka.awaitEvent(
                        EventType.BUILD_FAILED,
                        e -> missing.equals(e.data().source().commit()),
                        WAIT)
                .data();
        assertThat(notThere.failedStep()).isEqualTo("checkout");
        assertThat(notThere.reason()).contains("is not in");
    }

    @Test
    void twoPlatformsArePushedAsAnOciImageIndexOverTheBasesPlatformsAndABaseWithoutOneFailsTheBuild() throws Exception {
        OciRegistry images = RegistryTestResource.registry();
        images.pushMultiPlatformBaseImage("base/multi:1");
        String buildYaml = "platforms: [linux/amd64, linux/arm64]\n";
        String name = "acme/multi-" + UUID.randomUUID().toString().substring(0, 8);
        git.createRepository(
                name,
                Map.of(
                        "Dockerfile",
                        "FROM " + registry + "/base/multi:1\nCOPY app.txt /app/app.txt\n",
                        "app.txt",
                        "hello\n",
                        ".gitops-flow/build.yaml",
                        buildYaml));
        String single = "acme/single-base-" + UUID.randomUUID().toString().substring(0, 8);
        git.createRepository(
                single,
                Map.of("Dockerfile", "FROM " + registry + "/base/tiny:1\n", ".gitops-flow/build.yaml", buildYaml));
        String head = git.head(name);
        String singleHead = git.head(single);
        kafka.produce(EventType.COMMIT_PUSHED, TestPushes.toMain(git, name, head), head);
        kafka.produce(EventType.COMMIT_PUSHED, TestPushes.toMain(git, single, singleHead), singleHead);

        ImagePublished image = kafka.awaitEvent(
                        EventType.IMAGE_PUBLISHED,
                        e -> e.data().source() != null
                                && head.equals(e.data().source().commit()),
                        WAIT)
                .data();
        var tag = images.get("/v2/" + name + "/manifests/" + head, OciRegistry.OCI_INDEX);
        assertThat(tag.headers().firstValue("Content-Type")).contains(OciRegistry.OCI_INDEX);
        assertThat(tag.headers().firstValue("Docker-Content-Digest"))
                .as("image-published carries the index's digest")
                .contains(image.digest());
        JsonNode index = JSON.readTree(tag.body());
        assertThat(index.get("manifests"))
                .extracting(m -> m.at("/platform/os").asText() + "/"
                        + m.at("/platform/architecture").asText())
                .containsExactly("linux/amd64", "linux/arm64");
        JsonNode baseIndex = JSON.readTree(
                images.get("/v2/base/multi/manifests/1", OciRegistry.OCI_INDEX).body());
        for (int i = 0; i < 2; i++) {
            JsonNode entry = index.get("manifests").get(i);
            assertThat(entry.get("mediaType").asText()).isEqualTo(OciRegistry.OCI_MANIFEST);
            JsonNode manifest = JSON.readTree(images.get(
                            "/v2/" + name + "/manifests/" + entry.get("digest").asText(), OciRegistry.OCI_MANIFEST)
                    .body());
            JsonNode config = JSON.readTree(images.get(
                            "/v2/" + name + "/blobs/"
                                    + manifest.at("/config/digest").asText(),
                            "*/*")
                    .body());
            assertThat(config.get("os").asText())
                    .isEqualTo(entry.at("/platform/os").asText());
            assertThat(config.get("architecture").asText())
                    .isEqualTo(entry.at("/platform/architecture").asText());
            JsonNode base = JSON.readTree(images.get(
                            "/v2/base/multi/manifests/"
                                    + baseIndex
                                            .at("/manifests/" + i + "/digest")
                                            .asText(),
                            OciRegistry.OCI_MANIFEST)
                    .body());
            assertThat(manifest.at("/layers/0/digest").asText())
                    .as("each platform's image sits on the base image of its platform")
                    .isEqualTo(base.at("/layers/0/digest").asText());
        }
        // a promotion's extra tag: the index is copied by its digest
        new ImageRetagger(true, Optional.empty(), Optional.empty())
                .retag(image.imageRepository(), image.digest(), head, List.of("promoted-" + head.substring(0, 7)));
        assertThat(images.get("/v2/" + name + "/manifests/promoted-" + head.substring(0, 7), OciRegistry.OCI_INDEX)
                        .headers()
                        .firstValue("Docker-Content-Digest"))
                .contains(image.digest());

        BuildFailed failed = kafka.awaitEvent(
                        EventType.BUILD_FAILED,
                        e -> singleHead.equals(e.data().source().commit()),
                        WAIT)
                .data();
        assertThat(failed.failedStep()).isEqualTo("build");
        assertThat(failed.reason()).startsWith("the base image " + registry + "/base/tiny:1 has no linux/arm64 image");
        assertThat(images.get("/v2/" + single + "/tags/list", "application/json")
                        .statusCode())
                .as("nothing was pushed")
                .isEqualTo(404);
    }

    @Test
    void credentialsInACloneUrlAreNeitherPublishedNorShownAndTheCachesAreTheOwnersOnly() throws Exception {
        String name = "acme/private-" + UUID.randomUUID().toString().substring(0, 8);
        git.createRepository(name, Map.of("Dockerfile", "FROM " + registry + "/base/tiny:1\n"));
        String head = git.head(name);
        String withToken = git.repositoryUrl(name).replace("http://", "http://x-access-token:s3cr3t-token@");
        kafka.produce(EventType.COMMIT_PUSHED, TestPushes.toBranch(name, withToken, head, "main"), head);

        ImagePublished image = kafka.awaitEvent(
                        EventType.IMAGE_PUBLISHED,
                        e -> e.data().source() != null
                                && head.equals(e.data().source().commit()),
                        WAIT)
                .data();
        assertThat(image.source().cloneUrl()).isEqualTo(git.repositoryUrl(name));
        assertThat(given().auth()
                        .oauth2(VIEWER)
                        .get("/builds/" + image.buildId())
                        .asString())
                .doesNotContain("s3cr3t-token");
        // clones of private repositories and their layers: no other user of the machine reads them
        assertThat(Files.getPosixFilePermissions(Path.of(cacheDirectory)))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void aPushWhoseContentCannotBeStoredGoesToTheDeadLetterTopicAtOnceNotRetried() {
        String name = "acme/long-url-" + UUID.randomUUID().toString().substring(0, 8);
        String sha = "89abcdef0123456789abcdef0123456789abcdef";
        // longer than the clone_url column: the database refuses the value, which no retry changes
        String cloneUrl = "http://git.example.com/" + "x".repeat(1100) + ".git";
        kafka.produce(EventType.COMMIT_PUSHED, TestPushes.toBranch(name, cloneUrl, sha, "main"), sha);

        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> dead = kafka.awaitRecords(
                EventType.COMMIT_PUSHED.deadLetterTopic(),
                1,
                r -> KafkaTestClient.decode(EventType.COMMIT_PUSHED, r)
                        .map(e -> name.equals(e.data().repository().fullName()))
                        .orElse(false),
                WAIT);
        assertThat(dead).hasSize(1);
        given().auth()
                .oauth2(VIEWER)
                .queryParam("repository", name)
                .get("/builds")
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));
    }

    private List<String> registryTags(String name) throws Exception {
        var body = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(java.net.http.HttpClient.newHttpClient()
                        .send(
                                java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                                "http://" + registry + "/v2/" + name + "/tags/list"))
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString())
                        .body());
        return java.util.stream.StreamSupport.stream(body.get("tags").spliterator(), false)
                .map(com.fasterxml.jackson.databind.JsonNode::asText)
                .toList();
    }
}
