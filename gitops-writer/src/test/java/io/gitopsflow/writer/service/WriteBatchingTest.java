package io.gitopsflow.writer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.events.GitOpsTarget.WriteMode;
import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.writer.ManifestWrite;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Which requests share a commit, and how long a burst lingers: the writer's batching policy, on plain values. */
class WriteBatchingTest {

    private static final String GITOPS = "https://git.example.com/acme/gitops.git";

    @Test
    void requestsForOneRepositoryAndBranchInPushModeShareACommitWhateverTheirFileStageOrPromotion() {
        PromotionRequested books = TestRequests.push(GITOPS, "apps/books/values.yaml", "1.0.0");
        PromotionRequested shop = TestRequests.push(GITOPS, "apps/shop/values.yaml", "2.0.0");
        PromotionRequested prod = helm(GITOPS, "prod", "promo-9", "freight-9", WriteMode.PUSH);

        assertThat(WriteBatching.targetKey(books))
                .isEqualTo(WriteBatching.targetKey(shop))
                .isEqualTo(WriteBatching.targetKey(prod));
        assertThat(WriteBatching.branchOf(books)).isEqualTo("main");
    }

    @Test
    void anotherRepositoryOrAnotherBranchIsAnotherCommit() {
        PromotionRequested main = TestRequests.push(GITOPS, "values.yaml", "1.0.0");
        PromotionRequested other = TestRequests.push("https://git.example.com/acme/other.git", "values.yaml", "1.0.0");
        PromotionRequested release = withBranch(main, "release");

        assertThat(WriteBatching.targetKey(other)).isNotEqualTo(WriteBatching.targetKey(main));
        assertThat(WriteBatching.targetKey(release)).isNotEqualTo(WriteBatching.targetKey(main));
    }

    @Test
    void aPullRequestIsACommitOfItsOwnPerStageAndFreightAndNeverSharesOneWithAPush() {
        PromotionRequested first = helm(GITOPS, "staging", "promo-1", "freight-a", WriteMode.PULL_REQUEST);
        PromotionRequested sameFreight = helm(GITOPS, "staging", "promo-2", "freight-a", WriteMode.PULL_REQUEST);
        PromotionRequested otherFreight = helm(GITOPS, "staging", "promo-3", "freight-b", WriteMode.PULL_REQUEST);
        PromotionRequested otherStage = helm(GITOPS, "prod", "promo-4", "freight-a", WriteMode.PULL_REQUEST);
        PromotionRequested push = helm(GITOPS, "staging", "promo-5", "freight-a", WriteMode.PUSH);

        assertThat(WriteBatching.targetKey(sameFreight)).isEqualTo(WriteBatching.targetKey(first));
        assertThat(List.of(otherFreight, otherStage, push))
                .extracting(WriteBatching::targetKey)
                .doesNotContain(WriteBatching.targetKey(first))
                .doesNotHaveDuplicates();
        assertThat(WriteBatching.branchOf(first)).isEqualTo("gitops-flow/staging/freight-a");
    }

    @Test
    void aPullRequestWhoseBranchNameWouldBeInvalidIsABatchOfItsOwn() {
        PromotionRequested bad = helm(GITOPS, "staging", "promo-1", "a/b", WriteMode.PULL_REQUEST);
        PromotionRequested alsoBad = helm(GITOPS, "staging", "promo-2", "a/b", WriteMode.PULL_REQUEST);

        assertThat(WriteBatching.targetKey(bad)).isNotEqualTo(WriteBatching.targetKey(alsoBad));
        assertThatThrownBy(() -> WriteBatching.branchOf(bad)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBatchIsWrittenInArrivalOrderSoALaterRequestForTheSameFileWins() {
        OffsetDateTime t0 = OffsetDateTime.of(2026, 12, 5, 10, 0, 0, 0, ZoneOffset.UTC);
        ManifestWrite second = queued("b", t0.plusNanos(1_000));
        ManifestWrite first = queued("z", t0);
        ManifestWrite sameTimeLowerId = queued("a", t0.plusNanos(1_000));

        assertThat(WriteBatching.inArrivalOrder(List.of(second, first, sameTimeLowerId)))
                .extracting(write -> write.requestId)
                .containsExactly("z", "a", "b");
    }

    @Test
    void aBurstLingersUntilNoRequestCameForTheLingerTime() {
        AtomicLong now = new AtomicLong();
        BatchLinger linger = new BatchLinger(Duration.ofMillis(100), Duration.ofSeconds(1), now::get);

        assertThat(linger.holding()).isFalse();
        assertThat(linger.arriving(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(linger.holding()).isTrue();
        now.addAndGet(millis(30));
        assertThat(linger.stored())
                .as("the poll stored 30 ms later: its wait runs from then")
                .isEqualTo(Duration.ofMillis(100));
        now.addAndGet(millis(30));
        // the next poll of the burst extends the wait: 100 ms from now
        assertThat(linger.arriving(1)).isEqualTo(Duration.ofMillis(100));
        now.addAndGet(millis(99));
        assertThat(linger.holding()).as("99 ms after the last poll").isTrue();
        now.addAndGet(millis(1));
        assertThat(linger.holding()).as("100 ms after the last poll").isFalse();
        assertThat(linger.stored())
                .as("a poll whose storing outlasted its wait waits again from its store")
                .isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aLonePromotionWaitsOnlyTheLoneLingerAndASecondPollWithinItMakesABurst() {
        AtomicLong now = new AtomicLong();
        BatchLinger linger =
                new BatchLinger(Duration.ofMillis(15), Duration.ofMillis(100), Duration.ofSeconds(1), now::get);

        assertThat(linger.arriving(1))
                .as("one promotion's requests after a quiet spell")
                .isEqualTo(Duration.ofMillis(15));
        now.addAndGet(millis(5));
        assertThat(linger.stored()).as("stored: 15 ms from then").isEqualTo(Duration.ofMillis(15));
        now.addAndGet(millis(15));
        assertThat(linger.holding()).isFalse();

        // a quiet spell again; a poll of several promotions is a burst from its start
        now.addAndGet(millis(500));
        assertThat(linger.arriving(3)).isEqualTo(Duration.ofMillis(100));
        now.addAndGet(millis(100));
        assertThat(linger.holding()).isFalse();

        // a lone promotion, then a second poll within its 15 ms: the burst lingers 100 ms from that poll
        now.addAndGet(millis(500));
        assertThat(linger.arriving(1)).isEqualTo(Duration.ofMillis(15));
        now.addAndGet(millis(10));
        assertThat(linger.arriving(1)).isEqualTo(Duration.ofMillis(100));
        now.addAndGet(millis(99));
        assertThat(linger.holding()).isTrue();
    }

    @Test
    void aLoneLingerLongerThanTheLingerIsCutToIt() {
        AtomicLong now = new AtomicLong();
        BatchLinger linger = new BatchLinger(Duration.ofMillis(15), Duration.ZERO, Duration.ofSeconds(1), now::get);

        assertThat(linger.enabled()).isFalse();
        assertThat(linger.arriving(1)).isZero();
        assertThatThrownBy(() -> new BatchLinger(
                        Duration.ofMillis(-1), Duration.ofMillis(100), Duration.ofSeconds(1), System::nanoTime))
                .hasMessageContaining("batch-linger-lone");
    }

    @Test
    void aBurstThatKeepsComingStartsAtLingerMaxAfterItsFirstRequest() {
        AtomicLong now = new AtomicLong();
        BatchLinger linger = new BatchLinger(Duration.ofMillis(100), Duration.ofMillis(250), now::get);

        linger.arriving(1);
        now.addAndGet(millis(90));
        assertThat(linger.arriving(1)).isEqualTo(Duration.ofMillis(100));
        now.addAndGet(millis(90));
        // 180 ms into the burst: at most 70 ms more
        assertThat(linger.arriving(1)).isEqualTo(Duration.ofMillis(70));
        now.addAndGet(millis(70));
        assertThat(linger.holding()).isFalse();
        assertThat(linger.arriving(1))
                .as("the burst's time is up: a new burst begins")
                .isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aBurstAtItsLingerMaxStartsAtOnce() {
        AtomicLong now = new AtomicLong();
        BatchLinger linger = new BatchLinger(Duration.ofMillis(100), Duration.ofMillis(100), now::get);

        linger.arriving(1);
        now.addAndGet(millis(99));
        assertThat(linger.arriving(1)).isEqualTo(Duration.ofMillis(1));
        now.addAndGet(millis(1));
        assertThat(linger.holding()).isFalse();
    }

    @Test
    void noLingerStartsEveryBatchAtOnce() {
        BatchLinger linger = new BatchLinger(Duration.ZERO, Duration.ofSeconds(1), () -> 0L);

        assertThat(linger.enabled()).isFalse();
        assertThat(linger.arriving(1)).isZero();
        assertThat(linger.holding()).isFalse();
    }

    @Test
    void aLingerLongerThanItsMaximumOrNegativeIsRefused() {
        assertThatThrownBy(() -> new BatchLinger(Duration.ofSeconds(2), Duration.ofSeconds(1), System::nanoTime))
                .hasMessageContaining("batch-linger");
        assertThatThrownBy(() -> new BatchLinger(Duration.ofMillis(-1), Duration.ofSeconds(1), System::nanoTime))
                .hasMessageContaining("batch-linger");
    }

    private static long millis(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }

    private static PromotionRequested helm(
            String repositoryUrl, String stage, String promotionId, String freightId, WriteMode mode) {
        return TestRequests.helm(
                repositoryUrl, "values.yaml", "image.tag", stage, promotionId, freightId, "1.0.0", mode, null);
    }

    private static PromotionRequested withBranch(PromotionRequested request, String branch) {
        var target = request.target();
        return new PromotionRequested(
                request.requestId(),
                request.promotionId(),
                request.project(),
                request.stage(),
                request.freightId(),
                request.freightAlias(),
                request.image(),
                request.sourceCommit(),
                new io.gitopsflow.events.GitOpsTarget(
                        target.repositoryUrl(),
                        branch,
                        target.path(),
                        target.kind(),
                        target.field(),
                        target.valueFormat(),
                        target.writeMode(),
                        target.argoCdApplication()),
                request.requestedBy(),
                request.requestedAt());
    }

    private static ManifestWrite queued(String requestId, OffsetDateTime createdAt) {
        ManifestWrite write = new ManifestWrite();
        write.requestId = requestId;
        write.createdAt = createdAt;
        write.status = ManifestWrite.QUEUED;
        return write;
    }
}
