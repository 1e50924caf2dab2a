package io.gitopsflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitopsflow.testkit.LocalHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 25, onboarding end to end on the whole stack: an onboarder asks the console for a new application, gitops-writer
 * commits its values files, Argo CD Applications and pipeline into the GitOps repository, promotion-service takes the
 * pipeline from that repository's {@code pipelines/} folder, and the application's first image (a registry's push
 * notification to event-gateway) is promoted into dev: its values file holds the tag. The same request again changes
 * nothing. Runs on the registry-less shared stack (between the other two {@code Registryless*IT}, the last closes it).
 */
class RegistrylessOnboardingIT {

    private static final Duration FLOW = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP = "shop";

    private static LocalStack stack;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startStack() {
        stack = NoRegistryStack.shared().stack();
    }

    @Test
    void anOnboardedApplicationsFirstImageIsPromotedIntoDevAndOnboardingTwiceChangesNothing() throws Exception {
        String image = stack.registryHost() + "/acme/" + APP;
        int commitsBefore = stack.git().commitCount(LocalStack.GITOPS, "main");

        HttpResponse<String> onboarded = onboard("alice", image);
        assertThat(onboarded.statusCode()).as(onboarded.body()).isEqualTo(201);
        JsonNode answer = JSON.readTree(onboarded.body());
        String commit = answer.path("commit").asText();
        assertThat(stack.git().head(LocalStack.GITOPS, "main")).isEqualTo(commit);
        assertThat(stack.git().commitCount(LocalStack.GITOPS, "main")).isEqualTo(commitsBefore + 1);
        assertThat(stack.git().file(LocalStack.GITOPS, "main", "pipelines/" + APP + ".yaml"))
                .contains("name: " + APP);
        assertThat(stack.git().file(LocalStack.GITOPS, "main", "argocd/" + APP + "-dev.yaml"))
                .contains("kind: Application");

        // the same request again: answered, nothing written; a viewer may not onboard
        HttpResponse<String> again = onboard("alice", image);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(stack.git().head(LocalStack.GITOPS, "main")).isEqualTo(commit);
        assertThat(onboard("viewer", image).statusCode()).isEqualTo(403);

        // promotion-service reads the pipeline from the repository
        PromotionClient promotions = new PromotionClient(stack.url("promotion-service"), stack.users(), APP);
        await().atMost(FLOW).ignoreExceptions().until(() -> promotions.stages().size() == 2);

        // the application's first image, as the registry announces it
        String tag = "main-" + UUID.randomUUID().toString().replace("-", "").substring(0, 7) + "-1";
        HttpResponse<String> pushed = announce(stack.registryHost(), "acme/" + APP, tag);
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(202);

        String valuesDev = "apps/" + APP + "/values-dev.yaml";
        await().atMost(FLOW)
                .until(() ->
                        stack.git().file(LocalStack.GITOPS, "main", valuesDev).contains(tag));
        await().atMost(FLOW).untilAsserted(() -> {
            JsonNode dev = promotions.stage("dev");
            assertThat(dev.path("promotionStatus").asText()).isEqualTo("SUCCEEDED");
        });
    }

    private HttpResponse<String> onboard(String user, String image) {
        ObjectNode body = JSON.createObjectNode()
                .put("name", APP)
                .put("imageRepository", image)
                .put("layout", "helm")
                .put("repositoryUrl", stack.gitopsUrl())
                .put("branch", "main")
                .put("writeMode", "push");
        body.putArray("stages").add("dev").add("staging");
        return LocalHttp.send(
                http,
                HttpRequest.newBuilder(URI.create(stack.url("console") + "/applications"))
                        .header("Authorization", "Bearer " + stack.users().token(user))
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build());
    }

    /** A CNCF distribution registry's notification of a tagged manifest push. */
    private HttpResponse<String> announce(String registryHost, String repository, String tag) {
        String digest = "sha256:" + "ab".repeat(32);
        ObjectNode event = JSON.createObjectNode()
                .put("id", UUID.randomUUID().toString())
                .put("timestamp", Instant.now().toString())
                .put("action", "push");
        event.putObject("target")
                .put("mediaType", "application/vnd.oci.image.manifest.v1+json")
                .put("repository", repository)
                .put("digest", digest)
                .put("tag", tag);
        event.putObject("request").put("host", registryHost);
        ObjectNode envelope = JSON.createObjectNode();
        envelope.putArray("events").addAll(List.of(event));
        return LocalHttp.send(
                http,
                HttpRequest.newBuilder(URI.create(stack.url("event-gateway") + "/webhooks/registry"))
                        .header("Authorization", "Bearer " + LocalStack.WEBHOOK_SECRET)
                        .header("Content-Type", "application/vnd.docker.distribution.events.v2+json")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(envelope.toString()))
                        .build());
    }
}
