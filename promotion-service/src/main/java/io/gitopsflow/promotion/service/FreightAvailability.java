package io.gitopsflow.promotion.service;

import io.gitopsflow.promotion.Freight;
import io.gitopsflow.promotion.repository.FreightRepository;
import io.gitopsflow.promotion.repository.VerificationRepository;
import io.gitopsflow.spec.pipeline.Pipeline;
import io.gitopsflow.spec.pipeline.Stage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Which Freight a stage may promote: the Warehouse's, or what its upstream stages verified at least soak ago. */
@ApplicationScoped
public class FreightAvailability {

    private final FreightRepository freight;
    private final VerificationRepository verifications;
    private final FreightRanking ranking;

    public FreightAvailability(
            FreightRepository freight, VerificationRepository verifications, FreightRanking ranking) {
        this.freight = freight;
        this.verifications = verifications;
        this.ranking = ranking;
    }

    /** The Freight the stage may promote, inside the caller's session. */
    public Uni<List<Freight>> available(Pipeline pipeline, Stage stage) {
        if (stage.fromWarehouse()) {
            return freight.valuesByPipeline(pipeline.name());
        }
        OffsetDateTime soaked = UtcClock.now().minus(stage.soak());
        return verifications
                .verifiedIn(pipeline.name(), stage.upstream(), soaked)
                .chain(ids -> ids.isEmpty()
                        ? Uni.createFrom().item(List.<Freight>of())
                        : freight.valuesByPipeline(pipeline.name())
                                .map(all -> all.stream()
                                        .filter(f -> ids.contains(f.id))
                                        .toList()));
    }

    /**
     * A fingerprint of the Freight available to the stage, inside the caller's session: the pipeline's Freight (their
     * count, newest creation and last change) and, for a stage fed by others, which of them its upstream stages
     * verified by its soak time. Equal fingerprints mean the same candidates, ranked alike.
     */
    public Uni<String> fingerprint(Pipeline pipeline, Stage stage) {
        if (stage.fromWarehouse()) {
            return freight.fingerprint(pipeline.name());
        }
        OffsetDateTime soaked = UtcClock.now().minus(stage.soak());
        return verifications
                .verifiedIn(pipeline.name(), stage.upstream(), soaked)
                .chain(ids -> freight.fingerprint(pipeline.name()).map(print -> print + "/" + digest(ids)));
    }

    private static String digest(Set<String> ids) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            new TreeSet<>(ids).forEach(id -> sha.update((id + "\n").getBytes(StandardCharsets.UTF_8)));
            return ids.size() + ":" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The newest of {@code candidates} by the Warehouse's first subscription. */
    public Freight newest(Pipeline pipeline, List<Freight> candidates) {
        return ranking.newest(pipeline, candidates).orElseThrow();
    }
}
