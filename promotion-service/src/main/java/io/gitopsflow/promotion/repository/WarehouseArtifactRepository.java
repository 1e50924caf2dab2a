package io.gitopsflow.promotion.repository;

import io.gitopsflow.promotion.WarehouseArtifact;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;

/** The artifacts each pipeline's Warehouse has seen, once each (a redelivery records nothing new). */
@ApplicationScoped
public class WarehouseArtifactRepository implements PanacheRepositoryBase<WarehouseArtifact, String> {

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
