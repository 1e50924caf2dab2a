package io.gitopsflow.writer.config;

import io.gitopsflow.events.git.GitCredentials;
import io.gitopsflow.writer.edit.ManifestEditors;
import io.gitopsflow.writer.git.CommitMessages;
import io.gitopsflow.writer.git.GitIdentity;
import io.gitopsflow.writer.git.GitOpsWorkspace;
import io.gitopsflow.writer.git.PushRetry;
import io.gitopsflow.writer.git.RepositoryCredentials;
import io.gitopsflow.writer.git.WorkspaceSettings;
import io.gitopsflow.writer.pullrequest.PullRequestHosts;
import io.gitopsflow.writer.pullrequest.PullRequestSettings;
import io.gitopsflow.writer.service.ArgoCdRefresher;
import io.gitopsflow.writer.service.BatchLinger;
import io.gitopsflow.writer.service.BatchWriter;
import io.gitopsflow.writer.service.CommitSettings;
import io.gitopsflow.writer.service.HostRetry;
import io.gitopsflow.writer.service.PullRequestOpener;
import io.gitopsflow.writer.service.RepositoryAllowList;
import io.gitopsflow.writer.service.WriteLeaseOwner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Builds the writer's plain objects from its configuration: the Git workspace, the batch writer and its parts. */
@ApplicationScoped
public class WriterBeans {

    /** The local clones, their credentials and how rejected pushes are retried. */
    @Produces
    @Singleton
    GitOpsWorkspace workspace(WriterConfig config) {
        RepositoryCredentials credentials = config.gitToken()
                .map(token -> RepositoryCredentials.everywhere(new GitCredentials(config.gitUsername(), token)))
                .orElse(RepositoryCredentials.none());
        PushRetry retry = new PushRetry(
                config.pushAttempts(), PushRetry.DEFAULT.initialBackoff(), PushRetry.DEFAULT.maxBackoff());
        return new GitOpsWorkspace(
                new WorkspaceSettings(Path.of(config.workDirectory()), Duration.ofSeconds(60), retry), credentials);
    }

    @Produces
    @Singleton
    CommitSettings commits(WriterConfig config) {
        GitIdentity author = new GitIdentity(config.authorName(), config.authorEmail());
        GitIdentity committer = new GitIdentity(
                config.committerName().orElse(config.authorName()),
                config.committerEmail().orElse(config.authorEmail()));
        return new CommitSettings(new CommitMessages(config.commitSubject()), author, committer);
    }

    @Produces
    @Singleton
    RepositoryAllowList allowList(WriterConfig config) {
        return new RepositoryAllowList(config.allowedRepositories());
    }

    /** The configured host's client, found by its name among the {@code PullRequestHost} beans; none when unset. */
    @Produces
    @Singleton
    PullRequestOpener pullRequests(WriterConfig config, PullRequestHosts hosts) {
        WriterConfig.PullRequests pullRequests = config.pullRequests();
        if (pullRequests.provider().isEmpty()) {
            return PullRequestOpener.none();
        }
        PullRequestSettings settings = PullRequestSettings.of(
                pullRequests
                        .apiUrl()
                        .orElseThrow(() -> new IllegalArgumentException(
                                "gitops-flow.writer.pull-requests.api-url is required with a provider")),
                pullRequests
                        .token()
                        .orElseThrow(() -> new IllegalArgumentException(
                                "gitops-flow.writer.pull-requests.token is required with a provider")));
        return new PullRequestOpener(
                hosts.get(pullRequests.provider().get()).connect(settings),
                pullRequests.repositoryPathPrefix().orElse(""));
    }

    @Produces
    @Singleton
    BatchWriter batchWriter(
            GitOpsWorkspace workspace,
            ManifestEditors editors,
            CommitSettings commits,
            RepositoryAllowList allowList,
            PullRequestOpener pullRequests,
            ArgoCdRefresher argoCd,
            WriterConfig config) {
        return new BatchWriter(
                workspace, editors, commits, allowList, pullRequests, config.refreshArgoCd() ? argoCd : request -> {});
    }

    @Produces
    @Singleton
    BatchLinger linger(WriterConfig config) {
        return new BatchLinger(
                config.batchLingerLone(), config.batchLinger(), config.batchLingerMax(), System::nanoTime);
    }

    @Produces
    @Singleton
    HostRetry hostRetry(WriterConfig config) {
        WriterConfig.HostRetry retry = config.hostRetry();
        return new HostRetry(retry.initialBackoff(), retry.maxBackoff(), retry.giveUpAfter());
    }

    /** This instance's name on its leases: the Kafka instance id when it has one (a pod's name), and a random part. */
    @Produces
    @Singleton
    WriteLeaseOwner leaseOwner(@ConfigProperty(name = "gitops-flow.kafka.instance-id") Optional<String> instance) {
        return new WriteLeaseOwner(
                "gitops-writer-" + instance.map(id -> id + "-").orElse("") + UUID.randomUUID());
    }
}
