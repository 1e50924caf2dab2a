package io.gitopsflow.promotion;

import static io.gitopsflow.promotion.PromotionPhase.ABORTED;
import static io.gitopsflow.promotion.PromotionPhase.FAILED;
import static io.gitopsflow.promotion.PromotionPhase.HEALTH_CHECK;
import static io.gitopsflow.promotion.PromotionPhase.PENDING;
import static io.gitopsflow.promotion.PromotionPhase.REJECTED;
import static io.gitopsflow.promotion.PromotionPhase.SUCCEEDED;
import static io.gitopsflow.promotion.PromotionPhase.VERIFYING;
import static io.gitopsflow.promotion.PromotionPhase.WRITING;
import static io.gitopsflow.promotion.PromotionPhase.WRITTEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The promotion state machine on its own: every change it allows, and every one it refuses. */
class PromotionPhaseTest {

    /** Written out here by hand, apart from the enum, so a changed rule must be changed in two places on purpose. */
    private static final Map<PromotionPhase, Set<PromotionPhase>> ALLOWED = Map.of(
            PENDING, EnumSet.of(WRITING, REJECTED, ABORTED),
            WRITING, EnumSet.of(WRITTEN, FAILED, ABORTED),
            WRITTEN, EnumSet.of(HEALTH_CHECK, VERIFYING, SUCCEEDED, ABORTED),
            HEALTH_CHECK, EnumSet.of(VERIFYING, SUCCEEDED, FAILED, ABORTED),
            VERIFYING, EnumSet.of(SUCCEEDED, FAILED, ABORTED),
            SUCCEEDED, EnumSet.of(VERIFYING),
            FAILED, EnumSet.of(VERIFYING),
            ABORTED, EnumSet.of(VERIFYING),
            REJECTED, EnumSet.noneOf(PromotionPhase.class));

    static Stream<Arguments> allowed() {
        return pairs(true);
    }

    static Stream<Arguments> refused() {
        return pairs(false);
    }

    private static Stream<Arguments> pairs(boolean allowed) {
        List<Arguments> pairs = new ArrayList<>();
        for (PromotionPhase from : PromotionPhase.values()) {
            for (PromotionPhase to : PromotionPhase.values()) {
                if (ALLOWED.get(from).contains(to) == allowed) {
                    pairs.add(Arguments.of(from, to));
                }
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} → {1} is allowed")
    @MethodSource("allowed")
    void anAllowedChangeMovesThePromotion(PromotionPhase from, PromotionPhase to) {
        assertThat(from.canMoveTo(to)).isTrue();
        assertThat(from.moveTo(to)).isEqualTo(to);
        Promotion promotion = promotion(from);
        promotion.moveTo(to);
        assertThat(promotion.status).isEqualTo(to);
    }

    @ParameterizedTest(name = "{0} → {1} is refused")
    @MethodSource("refused")
    void aRefusedChangeThrowsAndLeavesThePromotionWhereItWas(PromotionPhase from, PromotionPhase to) {
        assertThat(from.canMoveTo(to)).isFalse();
        assertThatThrownBy(() -> from.moveTo(to))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a promotion cannot move from " + from + " to " + to);
        Promotion promotion = promotion(from);
        assertThatThrownBy(() -> promotion.moveTo(to)).isInstanceOf(IllegalStateException.class);
        assertThat(promotion.status).isEqualTo(from);
    }

    @Test
    void theTableAboveCoversEveryPairOfPhases() {
        assertThat(ALLOWED).containsOnlyKeys(PromotionPhase.values());
        assertThat(allowed().count() + refused().count())
                .isEqualTo((long) PromotionPhase.values().length * PromotionPhase.values().length);
        for (PromotionPhase phase : PromotionPhase.values()) {
            assertThat(phase.next()).as("next of %s", phase).isEqualTo(ALLOWED.get(phase));
        }
    }

    @Test
    void noPhaseMovesToItselfOrBackToPending() {
        for (PromotionPhase phase : PromotionPhase.values()) {
            assertThat(phase.canMoveTo(phase)).as("%s → itself", phase).isFalse();
            assertThat(phase.canMoveTo(PENDING)).as("%s → PENDING", phase).isFalse();
        }
    }

    @Test
    void theActivePhasesAreTheOnesThatCanStillBeAbortedAndOnlyThose() {
        assertThat(PromotionPhase.ACTIVE).containsExactlyInAnyOrder(PENDING, WRITING, WRITTEN, HEALTH_CHECK, VERIFYING);
        for (PromotionPhase phase : PromotionPhase.values()) {
            assertThat(phase.active()).as("%s active", phase).isEqualTo(PromotionPhase.ACTIVE.contains(phase));
            assertThat(phase.canMoveTo(ABORTED)).as("%s → ABORTED", phase).isEqualTo(phase.active());
        }
    }

    @Test
    void onlyAPendingPromotionCanBeRejectedAndARejectedOneGoesNowhere() {
        for (PromotionPhase phase : PromotionPhase.values()) {
            assertThat(phase.canMoveTo(REJECTED)).as("%s → REJECTED", phase).isEqualTo(phase == PENDING);
        }
        assertThat(REJECTED.next()).isEmpty();
    }

    @Test
    void theHappyPathWithAGateAndAnAnalysisThenAReverifyIsOneLegalWalk() {
        walk(PENDING, WRITING, WRITTEN, HEALTH_CHECK, VERIFYING, SUCCEEDED, VERIFYING, FAILED, VERIFYING, SUCCEEDED);
    }

    @Test
    void aStageWithoutGateOrVerificationSucceedsStraightAfterTheWrite() {
        walk(PENDING, WRITING, WRITTEN, SUCCEEDED);
        walk(PENDING, WRITING, WRITTEN, VERIFYING, SUCCEEDED);
        walk(PENDING, WRITING, WRITTEN, HEALTH_CHECK, SUCCEEDED);
    }

    @Test
    void nothingIsWrittenOrVerifiedOutOfOrder() {
        assertThat(PENDING.canMoveTo(WRITTEN)).isFalse();
        assertThat(PENDING.canMoveTo(SUCCEEDED)).isFalse();
        assertThat(WRITING.canMoveTo(VERIFYING)).isFalse();
        assertThat(WRITING.canMoveTo(SUCCEEDED)).isFalse();
        assertThat(WRITTEN.canMoveTo(FAILED)).isFalse();
        assertThat(VERIFYING.canMoveTo(HEALTH_CHECK)).isFalse();
        assertThat(SUCCEEDED.canMoveTo(FAILED)).isFalse();
    }

    private static void walk(PromotionPhase first, PromotionPhase... rest) {
        Promotion promotion = promotion(first);
        for (PromotionPhase next : rest) {
            promotion.moveTo(next);
        }
        assertThat(promotion.status).isEqualTo(rest[rest.length - 1]);
    }

    private static Promotion promotion(PromotionPhase status) {
        Promotion promotion = new Promotion();
        promotion.id = "p-1";
        promotion.status = status;
        return promotion;
    }
}
