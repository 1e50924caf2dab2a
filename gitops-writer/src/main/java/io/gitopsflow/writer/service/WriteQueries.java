package io.gitopsflow.writer.service;

import io.gitopsflow.writer.ManifestWrite;
import io.gitopsflow.writer.edit.Artifact;
import io.gitopsflow.writer.repository.ManifestWriteRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** What the REST API reads: the newest requests and one request with its answer. */
@ApplicationScoped
public class WriteQueries {

    /** How many requests a list holds at most. */
    public static final int PAGE = 100;

    private final ManifestWriteRepository writes;

    public WriteQueries(ManifestWriteRepository writes) {
        this.writes = writes;
    }

    /** The newest requests, of one status when {@code status} is given. */
    public Uni<List<ManifestWrite>> newest(Optional<String> status) {
        return writes.newest(status.orElse(null), PAGE);
    }

    /** What a stored request promotes, for people (see {@link Artifact#description()}). */
    public static String artifact(ManifestWrite write) {
        return Artifact.of(WriteAnswers.request(write)).description();
    }

    /** One request, if known. */
    public Uni<Optional<ManifestWrite>> byRequestId(String requestId) {
        return writes.byRequestId(requestId).map(Optional::ofNullable);
    }
}
