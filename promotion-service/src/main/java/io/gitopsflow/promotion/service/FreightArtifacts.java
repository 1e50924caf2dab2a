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

/** A Freight's artifacts (images, charts, commits) as stored (JSON) and read back. */
@ApplicationScoped
public class FreightArtifacts {

    private static final TypeReference<List<Artifact>> ARTIFACTS = new TypeReference<>() {};
    private static final TypeReference<List<ChartRef>> CHARTS = new TypeReference<>() {};
    private static final TypeReference<List<GitCommitRef>> COMMITS = new TypeReference<>() {};

    private final ObjectMapper json;

    public FreightArtifacts(ObjectMapper json) {
        // stored by this service, maybe by a newer version during a rolling update: fields it does not know are kept
        // apart from the strictness requests are read with
        this.json = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** The Freight's images. */
    public List<Artifact> of(Freight freight) {
        return read(freight, freight.artifactsJson, ARTIFACTS);
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
