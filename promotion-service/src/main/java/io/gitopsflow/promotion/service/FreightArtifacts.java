package io.gitopsflow.promotion.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.promotion.Freight;
import io.gitopsflow.promotion.warehouse.Artifact;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** A Freight's artifacts as stored (JSON) and read back. */
@ApplicationScoped
public class FreightArtifacts {

    private static final TypeReference<List<Artifact>> ARTIFACTS = new TypeReference<>() {};

    private final ObjectMapper json;

    public FreightArtifacts(ObjectMapper json) {
        // stored by this service, maybe by a newer version during a rolling update: fields it does not know are kept
        // apart from the strictness requests are read with
        this.json = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public List<Artifact> of(Freight freight) {
        try {
            return json.readValue(freight.artifactsJson, ARTIFACTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Freight " + freight.id + " holds unreadable artifacts", e);
        }
    }

    public String write(List<Artifact> artifacts) {
        try {
            return json.writeValueAsString(artifacts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
