package io.gitopsflow.promotion.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.spec.pipeline.Subscription;
import io.gitopsflow.spec.pipeline.TagStrategy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FreightOrderTest {

    private static final String REPO = TagSelectorTest.REPO;
    private static final Subscription NEWEST =
            new Subscription(REPO, TagStrategy.NEWEST, null, false, null, null, List.of());
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    @Test
    void aLateRebuildOfAnOlderCommitRanksBelowTheLaterCommitsOfItsBranch() {
        List<Artifact> b31 = build("main", 31, 0);
        List<Artifact> b32 = build("main", 32, 60);
        List<Artifact> b8 = build("main", 8, 3600);

        assertThat(newest(List.of(b31, b32, b8))).isEqualTo(b32);
        assertThat(sorted(List.of(b8, b32, b31))).containsExactly(b8, b31, b32);
    }

    @Test
    void imagesNotBuiltHereKeepPublishTimeOrder() {
        List<Artifact> early = List.of(new Artifact(REPO, "x-1", digest(1), null, null, T0.plusSeconds(10)));
        List<Artifact> late = List.of(new Artifact(REPO, "x-0", digest(2), null, null, T0.plusSeconds(20)));

        assertThat(newest(List.of(late, early))).isEqualTo(late);
        // a build number another system's tag seems to carry counts for nothing: these have none
        assertThat(sorted(List.of(late, early))).containsExactly(early, late);
    }

    @Test
    void branchesRankByPublishTimeAmongEachOtherAndByNumberWithin() {
        List<Artifact> main5 = build("main", 5, 0);
        List<Artifact> feature2 = build("feature-x", 2, 30);
        List<Artifact> main6 = build("main", 6, 60);
        List<Artifact> feature1 = build("feature-x", 1, 90); // rebuilt late
        List<Artifact> external = List.of(new Artifact(REPO, "ext", digest(99), null, null, T0.plusSeconds(45)));

        assertThat(sorted(List.of(main6, feature1, external, feature2, main5)))
                .containsExactly(main5, feature1, feature2, external, main6);
    }

    @Test
    void theOrderIsTotalWhateverTheMix() {
        Random random = new Random(17);
        List<List<Artifact>> freight = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            int seconds = random.nextInt(10_000);
            freight.add(
                    random.nextInt(3) == 0
                            ? List.of(new Artifact(REPO, "t" + i, digest(i), null, null, T0.plusSeconds(seconds)))
                            : build(random.nextBoolean() ? "main" : "dev", 1 + random.nextInt(50), seconds));
        }
        Comparator<List<Artifact>> order = FreightOrder.oldestFirst(NEWEST, freight);
        for (List<Artifact> a : freight) {
            for (List<Artifact> b : freight) {
                assertThat(Integer.signum(order.compare(a, b))).isEqualTo(-Integer.signum(order.compare(b, a)));
                for (List<Artifact> c : freight.subList(0, 20)) {
                    if (order.compare(a, b) <= 0 && order.compare(b, c) <= 0) {
                        assertThat(order.compare(a, c)).isLessThanOrEqualTo(0);
                    }
                }
            }
        }
        List<List<Artifact>> shuffled = new ArrayList<>(freight);
        Collections.shuffle(shuffled, random);
        shuffled.sort(order); // TimSort refuses an order that is not one
        // within a branch, the numbers' order
        List<Long> main = shuffled.stream()
                .map(f -> f.get(0))
                .filter(a -> "refs/heads/main".equals(a.sourceRef()))
                .map(Artifact::buildNumber)
                .toList();
        assertThat(main).isSorted();
    }

    @Test
    void eachBuildRanksAtTheEarliestPublishTimeOfItselfAndTheLaterBuildsOfItsBranch() {
        // the definition, pass by pass over every build; the order indexes each branch once instead
        Random random = new Random(23);
        List<List<Artifact>> freight = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Instant published = random.nextInt(10) == 0 ? null : T0.plusSeconds(random.nextInt(5_000));
            String branch = List.of("main", "dev", "feature-x").get(random.nextInt(3));
            long number = 1 + random.nextInt(120);
            freight.add(
                    random.nextInt(4) == 0
                            ? List.of(new Artifact(REPO, "t" + i, digest(i), null, null, published))
                            : List.of(new Artifact(
                                    REPO,
                                    branch + "-abcdef0-" + number,
                                    digest(1_000 + i),
                                    "acme/books-api",
                                    "abcdef0" + "0".repeat(33),
                                    published,
                                    "refs/heads/" + branch,
                                    number)));
        }
        List<Artifact> builds = freight.stream()
                .map(f -> f.get(0))
                .filter(a -> a.buildNumber() != null)
                .toList();
        Comparator<Instant> time = Comparator.nullsFirst(Comparator.naturalOrder());
        Comparator<Artifact> definition = Comparator.comparing(
                        (Artifact a) -> {
                            Instant rank = a.publishedAt();
                            for (Artifact later : builds) {
                                if (a.buildNumber() != null
                                        && later.sameBranchBuilds(a)
                                        && later.buildNumber() > a.buildNumber()
                                        && time.compare(later.publishedAt(), rank) < 0) {
                                    rank = later.publishedAt();
                                }
                            }
                            return rank;
                        },
                        time)
                .thenComparing(a -> a.buildNumber() == null ? 0L : a.buildNumber())
                .thenComparing(Artifact::publishedAt, time)
                .thenComparing(Artifact::tag);
        Comparator<List<Artifact>> order = FreightOrder.oldestFirst(NEWEST, freight);
        for (List<Artifact> a : freight) {
            for (List<Artifact> b : freight) {
                assertThat(Integer.signum(order.compare(a, b)))
                        .as("%s against %s", a.get(0), b.get(0))
                        .isEqualTo(Integer.signum(definition.compare(a.get(0), b.get(0))));
            }
        }
    }

    private static List<List<Artifact>> sorted(List<List<Artifact>> freight) {
        List<List<Artifact>> sorted = new ArrayList<>(freight);
        sorted.sort(FreightOrder.oldestFirst(NEWEST, freight));
        return sorted;
    }

    private static List<Artifact> newest(List<List<Artifact>> freight) {
        return freight.stream().max(FreightOrder.oldestFirst(NEWEST, freight)).orElseThrow();
    }

    private static List<Artifact> build(String branch, long number, int secondsLater) {
        return List.of(new Artifact(
                REPO,
                branch + "-abcdef0-" + number,
                digest(number * 31 + branch.length()),
                "acme/books-api",
                "abcdef0" + "0".repeat(33),
                T0.plusSeconds(secondsLater),
                "refs/heads/" + branch,
                number));
    }

    private static String digest(long n) {
        return "sha256:" + String.format("%064x", n);
    }
}
