package io.gitopsflow.writer.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.writer.edit.ManifestEditors;
import io.gitopsflow.writer.git.GitIdentity;
import io.gitopsflow.writer.git.GitOpsWorkspace;
import io.gitopsflow.writer.git.PushRetry;
import io.gitopsflow.writer.git.RepositoryCredentials;
import io.gitopsflow.writer.git.WorkspaceSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readying a clone while a burst lingers, against the testkit's real Git server: only for a repository on the
 * allow-list, in a mode the writer can write, and never a push.
 */
class BatchWriterPrepareIT {

    private static final GitIdentity IDENTITY = new GitIdentity("gitops-flow", "gitops-flow@example.com");

    private static GitServer server;

    @TempDir
    Path clones;

    @BeforeAll
    static void startServer() {
        server = GitServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void readiesTheCloneOfAnAllowedRepositoryAndNothingForOneOutsideTheAllowListOrAnUnconfiguredMode()
            throws Exception {
        String allowed = "acme/allowed-" + UUID.randomUUID().toString().substring(0, 8);
        String other = "other/gitops-" + UUID.randomUUID().toString().substring(0, 8);
        server.createRepository(allowed, Map.of("values.yaml", TestRequests.values("app")));
        server.createRepository(other, Map.of("values.yaml", TestRequests.values("app")));
        int pushesBefore = server.acceptedPushes();
        BatchWriter writer = writer(List.of(server.baseUrl() + "acme/"));

        writer.prepare(TestRequests.push(server.repositoryUrl(other), "values.yaml", "2.0.0"));
        writer.prepare(TestRequests.helm(
                server.repositoryUrl(allowed),
                "values.yaml",
                "image.tag",
                "dev",
                "promo-pr",
                "freight-pr",
                "2.0.0",
                GitOpsTarget.WriteMode.PULL_REQUEST,
                null));
        assertThat(folders())
                .as("outside the allow-list, or pull requests without a provider")
                .isEmpty();

        PromotionRequested request = TestRequests.push(server.repositoryUrl(allowed), "values.yaml", "2.0.0");
        writer.prepare(request);
        assertThat(folders()).hasSize(1);
        assertThat(folders().get(0).resolve("values.yaml")).hasContent(TestRequests.values("app"));
        assertThat(server.acceptedPushes()).isEqualTo(pushesBefore);

        // the write that follows uses the readied clone and commits as ever
        BatchWriter.Answer answer = writer.write(List.of(request), null).get(request.requestId());
        assertThat(answer.status()).isEqualTo(io.gitopsflow.writer.ManifestWrite.COMMITTED);
        assertThat(server.file(allowed, "main", "values.yaml")).isEqualTo(TestRequests.values("app", "2.0.0"));
    }

    private BatchWriter writer(List<String> allowedRepositories) {
        GitOpsWorkspace workspace = new GitOpsWorkspace(
                new WorkspaceSettings(
                        clones, Duration.ofSeconds(30), new PushRetry(5, Duration.ofMillis(5), Duration.ofMillis(50))),
                RepositoryCredentials.none());
        return new BatchWriter(
                workspace,
                ManifestEditors.standard(),
                CommitSettings.of(IDENTITY),
                new RepositoryAllowList(allowedRepositories),
                PullRequestOpener.none(),
                request -> {});
    }

    private List<Path> folders() throws IOException {
        try (Stream<Path> entries = Files.list(clones)) {
            return entries.filter(Files::isDirectory).toList();
        }
    }
}
