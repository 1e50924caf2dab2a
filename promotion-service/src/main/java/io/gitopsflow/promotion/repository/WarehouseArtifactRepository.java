package io.gitopsflow.promotion.repository;

import io.gitopsflow.promotion.WarehouseArtifact;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The artifacts each pipeline's Warehouse has seen, once each (a redelivery records nothing new), the newest {@link
 * #KEPT} of each subscription and the ones a Freight may still take.
 */
@ApplicationScoped
public class WarehouseArtifactRepository implements PanacheRepositoryBase<WarehouseArtifact, String> {

    /**
     * How many artifacts of one subscription are kept, as many as tags of a repository ({@link SeenTagRepository#KEPT}):
     * a Freight takes the newest, the rest is slack for rules that change.
     */
    public static final int KEPT = SeenTagRepository.KEPT;

    /** Records the artifact ({@code identity} tells it apart within its subscription) unless it was seen already. */
    public Uni<Void> record(
            String pipeline,
            WarehouseArtifact.Kind kind,
            String subscription,
            String identity,
            String json,
            OffsetDateTime at) {
        String id = id(pipeline, kind, subscription, identity);
        return findById(id).chain(found -> {
            if (found != null) {
                return Uni.createFrom().voidItem();
            }
            WarehouseArtifact seen = new WarehouseArtifact();
            seen.id = id;
            seen.pipeline = pipeline;
            seen.kind = kind;
            seen.subscription = subscription;
            seen.artifactJson = json;
            seen.seenAt = at;
            return persist(seen).replaceWithVoid();
        });
    }

    /**
     * Forgets the subscription's artifacts older than its newest {@code kept}, except the {@code needed} ones (by the
     * identity they were recorded with): those a Freight may still take, whatever their age. {@code kept} is at
     * least 1. {@code loaded} is what {@link #byPipeline} gave the caller in this transaction: the cut is found in it,
     * and nothing is asked of the database while the subscription holds no more than {@code kept}.
     */
    public Uni<Void> prune(
            String pipeline,
            WarehouseArtifact.Kind kind,
            String subscription,
            int kept,
            Collection<String> needed,
            List<WarehouseArtifact> loaded) {
        List<OffsetDateTime> newestFirst = loaded.stream()
                .filter(a -> a.pipeline.equals(pipeline) && a.kind == kind && a.subscription.equals(subscription))
                .map(a -> a.seenAt)
                .sorted(Comparator.comparing(OffsetDateTime::toInstant).reversed())
                .toList();
        if (newestFirst.size() <= kept) {
            return Uni.createFrom().voidItem();
        }
        OffsetDateTime oldestKept = newestFirst.get(kept - 1); // ties with it are kept too
        List<String> neededIds =
                needed.stream().map(n -> id(pipeline, kind, subscription, n)).toList();
        String older = "pipeline = ?1 and kind = ?2 and subscription = ?3 and seenAt < ?4";
        return (neededIds.isEmpty()
                        ? delete(older, pipeline, kind, subscription, oldestKept)
                        : delete(older + " and id not in ?5", pipeline, kind, subscription, oldestKept, neededIds))
                .replaceWithVoid();
    }

    /** What the pipeline's Warehouse has seen, oldest first. */
    public Uni<List<WarehouseArtifact>> byPipeline(String pipeline) {
        return list("pipeline = ?1 order by seenAt, id", pipeline);
    }

    private static String id(String pipeline, WarehouseArtifact.Kind kind, String subscription, String identity) {
        String key = pipeline + "\n" + kind + "\n" + subscription + "\n" + identity;
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
