package io.gitopsflow.gateway.provider;

import static io.gitopsflow.gateway.provider.Fixtures.assertNoPayloadIn;
import static io.gitopsflow.gateway.provider.Fixtures.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.ImagePublished;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Bitbucket and GHCR dialects on the real samples under {@code /webhook-samples}, without HTTP. */
class BitbucketAndGhcrPayloadsTest {

    private static final Instant RECEIVED = Instant.parse("2026-12-05T17:00:00Z");

    private final BitbucketCloudWebhook cloud = new BitbucketCloudWebhook();
    private final BitbucketServerWebhook server = new BitbucketServerWebhook();
    private final GitHubPackages packages = new GitHubPackages();

    @Test
    void bitbucketHeadersNameTheEventAndTheDelivery() {
        assertThat(cloud.kind(headers("X-Event-Key", "repo:push"))).isEqualTo(WebhookKind.PUSH);
        assertThat(cloud.kind(headers("X-Event-Key", "pullrequest:fulfilled"))).isEqualTo(WebhookKind.OTHER);
        assertThat(cloud.deliveryId(headers("X-Request-UUID", "r-1", "X-Hook-UUID", "h-1")))
                .isEqualTo("r-1");
        assertThat(server.kind(headers("x-event-key", "repo:refs_changed"))).isEqualTo(WebhookKind.PUSH);
        assertThat(server.kind(headers("X-Event-Key", "diagnostics:ping"))).isEqualTo(WebhookKind.PING);
        assertThat(server.kind(headers())).isEqualTo(WebhookKind.OTHER);
        assertThat(server.deliveryId(headers("X-Request-Id", "r-2"))).isEqualTo("r-2");
        assertThat(cloud.signatureHeader()).isEqualTo("X-Hub-Signature");
    }

    @Test
    void aCloudPushOfThreeRefsIsThreePushesInThePayloadsOrder() {
        List<CommitPushed> pushes = cloud.normalize(sample("bitbucket-cloud/multiple-changes.json"), "d", RECEIVED);

        assertThat(pushes)
                .extracting(CommitPushed::ref)
                .containsExactly("refs/heads/main", "refs/heads/manchu", "refs/tags/v0.1");
        assertThat(pushes).allSatisfy(push -> {
            assertThat(push.provider()).isEqualTo(CommitPushed.GitProvider.BITBUCKET);
            assertThat(push.commitsTruncated()).isTrue();
            assertThat(push.pusher().name()).isEqualTo("Stephen Connolly");
        });
        assertThat(pushes.get(2).commits()).isEmpty();
    }

    @Test
    void aCloudRefOfAnotherKindIsRefusedNamingTheField() {
        ObjectNode body = sample("bitbucket-cloud/branch-updated.json");
        ((ObjectNode) body.at("/push/changes/0/new")).put("type", "named_branch");

        assertThatThrownBy(() -> cloud.normalize(body, "d", RECEIVED))
                .isInstanceOf(InvalidWebhookException.class)
                .hasMessage("field push.changes[0].new.type must be branch or tag, not \"named_branch\"")
                .satisfies(e -> assertNoPayloadIn(e.getMessage()));
    }

    @Test
    void aDataCenterPushOfSeveralRefsListsNoCommitsItCannotAttribute() {
        ObjectNode body = sample("bitbucket-server/branch-updated.json");
        ArrayNode changes = (ArrayNode) body.get("changes");
        ObjectNode tag = changes.get(0).deepCopy();
        ((ObjectNode) tag.get("ref")).put("id", "refs/tags/v1.0.0");
        changes.add(tag);

        List<CommitPushed> pushes = server.normalize(body, "d", RECEIVED);

        assertThat(pushes).extracting(CommitPushed::ref).containsExactly("refs/heads/main", "refs/tags/v1.0.0");
        assertThat(pushes).allSatisfy(push -> assertThat(push.commits()).isEmpty());
        assertThat(pushes.get(1).after()).isEqualTo("9fdd7b96d3f5c276d0b9e0bf38c879eb112d889a");
    }

    @Test
    void aDataCenterRepositoryIsItsLowerCaseProjectKeyAndSlug() {
        assertThat(server.repositoryFullName(sample("bitbucket-server/atlassian-docs-refs-changed.json")))
                .contains("myproject/test-repo");
        assertThat(server.repositoryFullName(sample("bitbucket-server/personal-repository.json")))
                .isEmpty();
    }

    @Test
    void gitIdentityIsReadFromBitbucketsRawAuthor() {
        assertThat(BitbucketCloudWebhook.identity("Display", null, "Ana García <ana@example.com>"))
                .isEqualTo(new CommitPushed.GitIdentity("Ana García", "ana@example.com"));
        assertThat(BitbucketCloudWebhook.identity("Display", null, null))
                .isEqualTo(new CommitPushed.GitIdentity("Display", null));
        assertThat(BitbucketCloudWebhook.identity(null, null, null)).isNull();
    }

    @Test
    void aGhcrPackageUrlEndingInABareColonOrInUpperCaseNamesTheLowerCaseImage() {
        ObjectNode body = sample("ghcr/package-published-tagged.json");
        ((ObjectNode) body.at("/package/package_version")).put("package_url", "ghcr.io/TheRyanGeary/www:");

        ImagePublished image = packages.parse(body, RECEIVED).image();

        assertThat(image.imageRepository()).isEqualTo("ghcr.io/theryangeary/www");
        assertThat(image.tags()).containsExactly("0e2a89b");
        assertThat(image.publishedAt()).isEqualTo(RECEIVED);
    }

    @Test
    void aRegistryPackageBodyIsReadFromItsOwnField() {
        ObjectNode body = sample("ghcr/package-published-tagged.json");
        body.set("registry_package", body.remove("package"));

        assertThat(packages.parse(body, RECEIVED).image().digest())
                .isEqualTo("sha256:89160c587d0c36bf54090497a465445c14980ba48efbcf3b0d03c49b76f3feb8");
    }

    private static ObjectNode sample(String name) {
        try (InputStream in = BitbucketAndGhcrPayloadsTest.class.getResourceAsStream("/webhook-samples/" + name)) {
            assertThat(in).as("sample %s", name).isNotNull();
            return (ObjectNode) Fixtures.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
