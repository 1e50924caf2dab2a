package io.gitopsflow.promotion.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.events.ChartRef;
import io.gitopsflow.events.GitCommitRef;
import io.gitopsflow.promotion.Freight;
import io.gitopsflow.promotion.warehouse.Artifact;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A Freight's artifacts (images, charts, commits) as stored (JSON) and read back. */
@ApplicationScoped
public class FreightArtifacts {

    private static final TypeReference<List<Artifact>> ARTIFACTS = new TypeReference<>() {};
    private static final TypeReference<List<ChartRef>> CHARTS = new TypeReference<>() {};
    private static final TypeReference<List<GitCommitRef>> COMMITS = new TypeReference<>() {};

    /** How many Freight's images are kept read at most (about 1 KiB each). */
    private static final int KEPT = 20_000;

    private final ObjectMapper json;
    private final Map<String, Read> images = new ConcurrentHashMap<>();

    /** A Freight's stored JSON and the images read from it. */
    private record Read(String json, List<Artifact> artifacts) {}

    public FreightArtifacts(ObjectMapper json) {
        // stored by this service, maybe by a newer version during a rolling update: fields it does not know are kept
        // apart from the strictness requests are read with
        this.json = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * The Freight's images. Read once per Freight and kept while its stored JSON stays the same (a build number added
     * to it is read again): every arrival ranks the pipeline's whole history, which is otherwise read anew each time.
     */
    public List<Artifact> of(Freight freight) {
        if (freight.id == null || freight.artifactsJson == null) {
            return read(freight, freight.artifactsJson, ARTIFACTS);
        }
        Read known = images.get(freight.id);
        if (known != null && known.json().equals(freight.artifactsJson)) {
            return known.artifacts();
        }
        List<Artifact> artifacts = List.copyOf(read(freight, freight.artifactsJson, ARTIFACTS));
        if (images.size() >= KEPT) {
            // beyond what any pipeline needs at once: start over rather than grow
            images.clear();
        }
        images.put(freight.id, new Read(freight.artifactsJson, artifacts));
        return artifacts;
    }

    /** The Freight's Helm charts; none for Freight of images only. */
    public List<ChartRef> charts(Freight freight) {
        return read(freight, freight.chartsJson, CHARTS);
    }

    /** The Freight's Git commits; none for Freight of images only. */
    public List<GitCommitRef> commits(Freight freight) {
        return read(freight, freight.commitsJson, COMMITS);
    }

    /** {@code value} as JSON: a list of artifacts, or one. */
    public String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One artifact stored by {@link #write}. */
    public <T> T read(String stored, Class<T> type) {
        try {
            return json.readValue(stored, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an unreadable " + type.getSimpleName() + " is stored", e);
        }
    }

    private <T> List<T> read(Freight freight, String stored, TypeReference<List<T>> type) {
        if (stored == null) {
            return List.of();
        }
        try {
            return json.readValue(stored, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Freight " + freight.id + " holds unreadable artifacts", e);
        }
    }
}
