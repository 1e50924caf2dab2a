package io.gitopsflow.promotion.service;

import java.util.ArrayList;
import java.util.List;

/**
 * The events one decision stored for Kafka, to publish right after its transaction committed. Made afresh for each
 * attempt of a transaction, so an attempt rolled back leaves nothing in it.
 */
final class Answers {

    private final List<String> requests = new ArrayList<>();
    private final List<String> stagePromoted = new ArrayList<>();

    void request(String requestId) {
        requests.add(requestId);
    }

    void stagePromoted(String stagePromotedId) {
        stagePromoted.add(stagePromotedId);
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    List<String> stagePromoted() {
        return List.copyOf(stagePromoted);
    }
}
