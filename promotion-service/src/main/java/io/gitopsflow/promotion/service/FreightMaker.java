package io.gitopsflow.promotion.service;

import io.gitopsflow.events.ChartRef;
import io.gitopsflow.events.GitCommitRef;
import io.gitopsflow.promotion.Freight;
import io.gitopsflow.promotion.WarehouseArtifact;
import io.gitopsflow.promotion.repository.FreightRepository;
import io.gitopsflow.promotion.repository.WarehouseArtifactRepository;
import io.gitopsflow.promotion.warehouse.Arrival;
import io.gitopsflow.promotion.warehouse.Artifact;
import io.gitopsflow.promotion.warehouse.FreightCombination;
import io.gitopsflow.promotion.warehouse.FreightIdentity;
import io.gitopsflow.spec.pipeline.Pipeline;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Makes a Warehouse's Freight when a new eligible artifact (image, chart version, pushed commit) arrives: with the
 * newest artifact of every other subscription ({@link FreightCombination}), once each subscription has one and the
 * Warehouse's {@code freightCreationCriteria} admit them. The id hashes every artifact, so the same combination never
 * makes a second Freight, whichever instance or redelivery sees it.
 */
@ApplicationScoped
public class FreightMaker {

    private final FreightRepository freight;
    private final WarehouseArtifactRepository seen;
    private final FreightArtifacts json;
    private final AuditService audit;
    private final DecisionEvents events;

    public FreightMaker(
            FreightRepository freight,
            WarehouseArtifactRepository seen,
            FreightArtifacts json,
            AuditService audit,
            DecisionEvents events) {
        this.freight = freight;
        this.seen = seen;
        this.json = json;
        this.audit = audit;
        this.events = events;
    }

    /**
     * Stores the Freight {@code arrival} makes in the pipeline's Warehouse, in the caller's transaction; true when it is
     * new (or newly ranked by its build number).
     */
    Uni<Boolean> make(Pipeline pipeline, Arrival arrival, String correlationId) {
        if (pipeline.warehouse().size() == 1) {
            // a Warehouse of one subscription makes Freight of each artifact at once, of it alone: nothing waits,
            // and no other Freight is read (a pipeline's history would otherwise weigh on every arrival)
            return make(pipeline, arrival, correlationId, FreightCombination.Seen.nothing(List.of()));
        }
        return seen.record(
                        pipeline.name(),
                        arrival.kind(),
                        arrival.subscription(),
                        arrival.identity(),
                        json.write(arrival.artifact()),
                        UtcClock.now())
                .chain(() -> freight.valuesByPipeline(pipeline.name()))
                .chain(existing -> seen.byPipeline(pipeline.name()).chain(artifacts -> {
                    FreightCombination.Seen known = seen(existing, artifacts);
                    return forgetOld(pipeline, arrival, known, artifacts)
                            .chain(() -> make(pipeline, arrival, correlationId, known));
                }));
    }

    /**
     * Forgets the arrival's subscription's artifacts beyond the newest {@link WarehouseArtifactRepository#KEPT}, but
     * never the newest one a later Freight would take, so the waiting artifacts stay bounded.
     */
    private Uni<Void> forgetOld(
            Pipeline pipeline, Arrival arrival, FreightCombination.Seen known, List<WarehouseArtifact> loaded) {
        List<String> needed = FreightCombination.newestOfSubscription(pipeline.warehouse(), arrival, known).stream()
                .map(Arrival::identity)
                .toList();
        return seen.prune(
                pipeline.name(),
                arrival.kind(),
                arrival.subscription(),
                WarehouseArtifactRepository.KEPT,
                needed,
                loaded);
    }

    private Uni<Boolean> make(Pipeline pipeline, Arrival arrival, String correlationId, FreightCombination.Seen known) {
        FreightCombination.Result combination = FreightCombination.combine(pipeline.warehouse(), arrival, known);
        if (combination.waitingFor() != null) {
            Log.infof("pipeline %s waits for %s before it makes Freight", pipeline.name(), combination.waitingFor());
            return Uni.createFrom().item(false);
        }
        if (!admitted(pipeline, arrival, combination)) {
            return Uni.createFrom().item(false);
        }
        String id = FreightIdentity.id(
                pipeline.name(),
                pipeline.warehouse().name(),
                combination.images(),
                combination.charts(),
                combination.commits());
        return freight.findById(id).chain(same -> {
            if (same != null) {
                // the same artifacts again: a redelivery, a re-push, or build-worker's own announcement of an image
                // a registry notification announced first, which brings the build's number
                return Uni.createFrom().item(arrival.image() != null && numbered(same, arrival.image()));
            }
            // a pair another Freight took gets a number; two instances racing for one alias meet at its unique
            // index, and the one that retries sees the other's Freight
            return freight.aliasesOfPair(pipeline.name(), FreightIdentity.alias(id))
                    .chain(taken -> create(pipeline, arrival, correlationId, combination, id, taken));
        });
    }

    private Uni<Boolean> create(
            Pipeline pipeline,
            Arrival arrival,
            String correlationId,
            FreightCombination.Result combination,
            String id,
            Set<String> takenAliases) {
        Freight created = new Freight();
        created.id = id;
        created.pipeline = pipeline.name();
        created.warehouse = pipeline.warehouse().name();
        created.alias = FreightIdentity.uniqueAlias(id, takenAliases);
        created.artifactsJson = json.write(combination.images());
        created.chartsJson = combination.charts().isEmpty() ? null : json.write(combination.charts());
        created.commitsJson = combination.commits().isEmpty() ? null : json.write(combination.commits());
        created.commit = arrival.sourceCommit() != null
                ? arrival.sourceCommit()
                : combination.images().stream()
                        .map(Artifact::sourceCommit)
                        .filter(c -> c != null)
                        .findFirst()
                        .orElse(null);
        created.correlationId = correlationId;
        created.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        return freight.persist(created)
                .call(() -> audit.record(
                        pipeline.name(),
                        null,
                        id,
                        null,
                        "freight-created",
                        Actor.SERVICE.name(),
                        "Freight " + created.alias + " from " + arrival.describe()))
                .call(() -> events.freightCreated(created))
                .replaceWith(true);
    }

    /** Whether the Warehouse's criteria (if any) admit the artifacts; a criteria that cannot run admits nothing. */
    private static boolean admitted(Pipeline pipeline, Arrival arrival, FreightCombination.Result combination) {
        if (pipeline.warehouse().criteria() == null) {
            return true;
        }
        try {
            boolean admits = pipeline.warehouse()
                    .criteria()
                    .admits(
                            combination.images().stream().map(Artifact::image).toList(),
                            combination.charts(),
                            combination.commits());
            if (!admits) {
                Log.infof(
                        "pipeline %s makes no Freight of %s: freightCreationCriteria '%s' is false for it",
                        pipeline.name(),
                        arrival.describe(),
                        pipeline.warehouse().criteria());
            }
            return admits;
        } catch (IllegalArgumentException e) {
            Log.warnf("pipeline %s makes no Freight of %s: %s", pipeline.name(), arrival.describe(), e.getMessage());
            return false;
        }
    }

    private FreightCombination.Seen seen(List<Freight> existing, List<WarehouseArtifact> artifacts) {
        List<Artifact> images = new ArrayList<>();
        List<ChartRef> charts = new ArrayList<>();
        List<GitCommitRef> commits = new ArrayList<>();
        for (WarehouseArtifact artifact : artifacts) {
            switch (artifact.kind) {
                case IMAGE -> images.add(json.read(artifact.artifactJson, Artifact.class));
                case CHART -> charts.add(json.read(artifact.artifactJson, ChartRef.class));
                case COMMIT -> commits.add(json.read(artifact.artifactJson, GitCommitRef.class));
            }
        }
        return new FreightCombination.Seen(existing.stream().map(json::of).toList(), images, charts, commits);
    }

    /**
     * Adds build-worker's build number to a stored Freight's artifact that lacks it (its identity — repository, tag,
     * digest — is unchanged), so the Freight ranks by commit among its branch's builds; true when it did.
     */
    private boolean numbered(Freight stored, Artifact announced) {
        if (announced.buildNumber() == null) {
            return false;
        }
        boolean changed = false;
        List<Artifact> numbered = new ArrayList<>();
        for (Artifact a : json.of(stored)) {
            if (a.buildNumber() == null && a.image().equals(announced.image())) {
                numbered.add(announced);
                changed = true;
            } else {
                numbered.add(a);
            }
        }
        if (changed) {
            stored.artifactsJson = json.write(numbered);
            stored.updatedAt = UtcClock.now();
            Log.infof("Freight %s is build %d of %s", stored.alias, announced.buildNumber(), announced.sourceRef());
        }
        return changed;
    }
}
