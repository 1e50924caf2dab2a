package io.gitopsflow.local.chaos;

import static io.gitopsflow.local.chaos.JsonApi.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.local.chaos.PushOutcome.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides each accepted push's end state from one {@link FlowState}: a push is verified when a promotion of its
 * Freight into the first stage succeeded and analysis-service holds a successful run of that promotion; failed when
 * build-worker or that promotion recorded a failure with a reason; superseded when build-worker superseded its build
 * or, once build-worker knows the commit, a later push of its branch was verified. Anything else is open (a push
 * build-worker never heard of stays open, whatever came after it).
 */
final class PushOutcomes {

    private static final String NO_BUILD = "no build";

    private PushOutcomes() {}

    static List<PushOutcome> of(List<AcceptedPush> pushes, FlowState state) {
        List<PushOutcome> outcomes = new ArrayList<>();
        for (AcceptedPush push : pushes) {
            outcomes.add(direct(push, state));
        }
        List<PushOutcome> resolved = new ArrayList<>();
        for (PushOutcome outcome : outcomes) {
            // a push build-worker never heard of is lost, whatever came after it: its commit-pushed never arrived
            boolean neverArrived = NO_BUILD.equals(outcome.detail());
            resolved.add(outcome.state().ended() || neverArrived ? outcome : bySuccessor(outcome, outcomes));
        }
        return resolved;
    }

    /** What the push's own build, Freight, promotion and run say. */
    private static PushOutcome direct(AcceptedPush push, FlowState state) {
        List<JsonNode> builds = state.buildsOf(push.commit());
        if (builds.stream().anyMatch(b -> "SUCCEEDED".equals(text(b, "status")))) {
            return byPromotion(push, state);
        }
        Optional<JsonNode> failed = builds.stream()
                .filter(b -> "FAILED".equals(text(b, "status")) && hasText(text(b, "reason")))
                .findFirst();
        if (failed.isPresent()) {
            return new PushOutcome(
                    push,
                    State.FAILED,
                    "build " + text(failed.get(), "id") + " failed at " + text(failed.get(), "failedStep") + ": "
                            + text(failed.get(), "reason"));
        }
        Optional<JsonNode> superseded = builds.stream()
                .filter(b -> "SUPERSEDED".equals(text(b, "status")))
                .findFirst();
        return superseded
                .map(b -> new PushOutcome(
                        push, State.SUPERSEDED, "build " + text(b, "id") + " superseded by " + text(b, "supersededBy")))
                .orElseGet(() -> new PushOutcome(push, State.OPEN, builds.isEmpty() ? NO_BUILD : "build unfinished"));
    }

    private static PushOutcome byPromotion(AcceptedPush push, FlowState state) {
        String stage = state.firstStage();
        Map<String, List<JsonNode>> runs = state.runsByPromotion();
        List<JsonNode> freight = state.freightOf(push.commit());
        for (JsonNode f : freight) {
            for (JsonNode promotion : state.promotionsOf(stage, text(f, "id"))) {
                String id = text(promotion, "id");
                String status = text(promotion, "status");
                Optional<JsonNode> successful = runs.getOrDefault(id, List.of()).stream()
                        .filter(r -> "Successful".equals(text(r, "phase")))
                        .findFirst();
                if ("SUCCEEDED".equals(status) && successful.isPresent()) {
                    return new PushOutcome(
                            push,
                            State.VERIFIED,
                            stage + " promotion " + id + ", analysis run " + text(successful.get(), "id"));
                }
                if ("FAILED".equals(status) && hasText(text(promotion, "reason"))) {
                    return new PushOutcome(
                            push, State.FAILED, stage + " promotion " + id + " failed: " + text(promotion, "reason"));
                }
            }
        }
        return new PushOutcome(
                push,
                State.OPEN,
                freight.isEmpty() ? "built, no Freight" : "Freight " + text(freight.get(0), "id") + " not verified");
    }

    /** An open push is superseded when a later push of its branch was verified. */
    private static PushOutcome bySuccessor(PushOutcome open, List<PushOutcome> all) {
        return all.stream()
                .filter(o -> o.state() == State.VERIFIED && open.push().supersededBy(o.push()))
                .findFirst()
                .map(o -> new PushOutcome(
                        open.push(),
                        State.SUPERSEDED,
                        "later push " + o.push().commit() + " verified; was: " + open.detail()))
                .orElse(open);
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
