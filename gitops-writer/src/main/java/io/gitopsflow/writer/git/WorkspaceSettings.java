package io.gitopsflow.writer.git;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link GitOpsWorkspace}.
 *
 * @param root the folder holding the local clones; one per instance, never shared between processes
 * @param networkTimeout how long a fetch or push may wait on the remote
 * @param retry how rejected pushes are retried
 */
public record WorkspaceSettings(Path root, Duration networkTimeout, PushRetry retry) {

    public WorkspaceSettings {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(networkTimeout, "networkTimeout");
        Objects.requireNonNull(retry, "retry");
        if (networkTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("networkTimeout must be at least one second");
        }
    }

    /** Defaults for everything but the folder: 60 s network timeout, {@link PushRetry#DEFAULT}. */
    public static WorkspaceSettings in(Path root) {
        return new WorkspaceSettings(root, Duration.ofSeconds(60), PushRetry.DEFAULT);
    }
}
