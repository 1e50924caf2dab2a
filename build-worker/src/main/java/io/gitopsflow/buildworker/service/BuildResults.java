package io.gitopsflow.buildworker.service;

import io.gitopsflow.buildworker.Build;
import io.gitopsflow.buildworker.messaging.BuildResultPublisher;
import io.gitopsflow.buildworker.repository.BuildRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Objects;

/** The outbox's publisher: the stored results of finished builds, each published as its event. */
@ApplicationScoped
public class BuildResults {

    private final BuildRepository builds;
    private final BuildResultPublisher publisher;
    private final BuildStarts starts;

    public BuildResults(BuildRepository builds, BuildResultPublisher publisher, BuildStarts starts) {
        this.builds = builds;
        this.publisher = publisher;
        this.starts = starts;
    }

    /**
     * Publishes the results of {@code ids} one by one, each once its build's starts are on Kafka (a consumer sees a
     * build start before it ends); answers the ids Kafka acknowledged.
     */
    @WithSession
    public Uni<List<String>> publish(List<String> ids) {
        return builds.findByIds(ids)
                .chain(found -> starts.publishPendingOf(found.stream()
                                .filter(Build::finished)
                                .map(build -> build.id)
                                .toList())
                        .map(started -> found.stream()
                                .filter(build -> started.contains(build.id))
                                .toList()))
                .chain(found -> Multi.createFrom()
                        .iterable(found)
                        .onItem()
                        .transformToUniAndConcatenate(this::publishOne)
                        .filter(Objects::nonNull)
                        .collect()
                        .asList());
    }

    /** The build's id once Kafka took its result; null when it did not. */
    private Uni<String> publishOne(Build build) {
        return publisher.publish(build).replaceWith(build.id).onFailure().recoverWithItem(failure -> {
            Log.warnf(
                    "the result of build %s is not published yet (sent again later): %s",
                    build.id, failure.getMessage());
            return null;
        });
    }
}
