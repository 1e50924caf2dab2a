package io.gitopsflow.promotion.repository;

import io.gitopsflow.promotion.Freight;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Freight by pipeline, by alias and by the application commit it was built from. */
@ApplicationScoped
public class FreightRepository implements PanacheRepositoryBase<Freight, String> {

    /**
     * The pipeline's Freight, oldest first, as values the session does not manage, to rank or to show, never to
     * change: a pipeline's whole history is not registered in the session, so no later statement of the transaction
     * compares it field by field first.
     */
    public Uni<List<Freight>> valuesByPipeline(String pipeline) {
        return Panache.getSession()
                .chain(session -> session.createQuery(
                                "select f.id, f.warehouse, f.alias, f.artifactsJson, f.chartsJson, f.commitsJson,"
                                        + " f.commit, f.correlationId, f.createdAt from Freight f"
                                        + " where f.pipeline = ?1 order by f.createdAt",
                                Object[].class)
                        .setParameter(1, pipeline)
                        .getResultList())
                .map(rows -> rows.stream().map(row -> value(pipeline, row)).toList());
    }

    private static Freight value(String pipeline, Object[] row) {
        Freight freight = new Freight();
        freight.id = (String) row[0];
        freight.pipeline = pipeline;
        freight.warehouse = (String) row[1];
        freight.alias = (String) row[2];
        freight.artifactsJson = (String) row[3];
        freight.chartsJson = (String) row[4];
        freight.commitsJson = (String) row[5];
        freight.commit = (String) row[6];
        freight.correlationId = (String) row[7];
        freight.createdAt = (OffsetDateTime) row[8];
        return freight;
    }

    /**
     * The aliases the pipeline's Freight hold of the adjective-animal {@code pair}: the pair itself and its numbered
     * forms ({@code brave-otter}, {@code brave-otter-2}, …), read by the unique index of pipeline and alias.
     */
    public Uni<Set<String>> aliasesOfPair(String pipeline, String pair) {
        return Panache.getSession()
                .chain(session -> session.createQuery(
                                "select f.alias from Freight f where f.pipeline = ?1"
                                        + " and (f.alias = ?2 or f.alias like ?3)",
                                String.class)
                        .setParameter(1, pipeline)
                        .setParameter(2, pair)
                        .setParameter(3, pair + "-%")
                        .getResultList())
                .map(Set::copyOf);
    }

    /**
     * The pipeline's count of Freight, the newest's creation and the last change of any: it changes whenever a Freight
     * is made or its artifacts change, so equal fingerprints mean the pipeline's Freight ranked alike.
     */
    public Uni<String> fingerprint(String pipeline) {
        return Panache.getSession()
                .chain(session -> session.createQuery(
                                "select count(f), max(f.createdAt), max(f.updatedAt) from Freight f"
                                        + " where f.pipeline = ?1",
                                Object[].class)
                        .setParameter(1, pipeline)
                        .getSingleResult())
                .map(row -> row[0] + "/" + row[1] + "/" + row[2]);
    }

    /** The aliases of the Freight of {@code ids} by id (those that exist), read by the primary key. */
    public Uni<Map<String, String>> aliasesOf(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession()
                .chain(session -> session.createQuery(
                                "select f.id, f.alias from Freight f where f.id in ?1", Object[].class)
                        .setParameter(1, ids)
                        .getResultList())
                .map(rows -> rows.stream().collect(Collectors.toMap(row -> (String) row[0], row -> (String) row[1])));
    }

    /** The pipeline's Freight of that alias, or null. */
    public Uni<Freight> byAlias(String pipeline, String alias) {
        return find("pipeline = ?1 and alias = ?2", pipeline, alias).firstResult();
    }

    public Uni<List<Freight>> byCommit(String commit) {
        return list("commit = ?1 order by createdAt", commit);
    }
}
