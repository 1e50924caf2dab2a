package io.gitopsflow.writer.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.events.git.CommitTrailers;
import io.gitopsflow.writer.git.CommitMessages.Change;
import java.util.List;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.FooterLine;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;

class CommitMessagesTest {

    private static final Change BOOKS =
            new Change("shop", "staging", "books-api", "1.4.1", "1.4.2", "promo-1", "f-111");

    @Test
    void rendersTheSubjectBodyAndTrailersOfOneChange() {
        String message = new CommitMessages().render(List.of(BOOKS));

        assertThat(message).isEqualTo("""
                        shop: promote books-api in staging to 1.4.2

                        staging: books-api 1.4.1 → 1.4.2

                        Promotion-Id: promo-1
                        Freight-Id: f-111
                        """);
        assertThat(footers(message))
                .extracting(FooterLine::getKey, FooterLine::getValue)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Promotion-Id", "promo-1"),
                        org.assertj.core.groups.Tuple.tuple("Freight-Id", "f-111"));
    }

    @Test
    void aBatchHasOneLinePerChangeAndOneTrailerPerDistinctValue() {
        List<Change> batch = List.of(
                BOOKS,
                new Change("shop", "staging", "orders-api", null, "2.0.0", "promo-2", "f-111"),
                new Change("shop", "prod", "books-api", "1.4.0", "1.4.2", "promo-3", "f-222"));
        CommitMessages messages = new CommitMessages("{project}: {count} promotions to {stage} ({freight})");

        String message = messages.render(batch);

        assertThat(messages.subject(batch)).isEqualTo("shop: 3 promotions to staging, prod (f-111, f-222)");
        assertThat(message)
                .contains("staging: books-api 1.4.1 → 1.4.2\n")
                .contains("staging: orders-api (none) → 2.0.0\n")
                .contains("prod: books-api 1.4.0 → 1.4.2\n");
        RevCommit commit = commit(message);
        assertThat(commit.getFooterLines(CommitTrailers.PROMOTION_ID)).containsExactly("promo-1", "promo-2", "promo-3");
        assertThat(commit.getFooterLines(CommitTrailers.FREIGHT_ID)).containsExactly("f-111", "f-222");
    }

    @Test
    void eachChangeNamesItsArtifactAnImageAChartOrACommit() {
        List<Change> batch = List.of(
                new Change(
                        "shop", "dev", "books-api", "1.4.1", "1.4.2", "promo-1", "f-1", "image ghcr.io/acme/api:1.4.2"),
                new Change(
                        "shop",
                        "dev",
                        "argocd/books-api",
                        "1.4.1",
                        "1.4.2",
                        "promo-1",
                        "f-1",
                        "chart registry.example.com/charts/books-api 1.4.2"),
                new Change(
                        "shop",
                        "dev",
                        "argocd/config",
                        "HEAD",
                        "a".repeat(40),
                        "promo-1",
                        "f-1",
                        "commit https://git.example.com/config.git " + "a".repeat(40) + "\nPromotion-Id: forged"));
        CommitMessages messages = new CommitMessages("{stage}: {artifact}");

        String message = messages.render(batch);

        assertThat(message)
                .contains("dev: books-api 1.4.1 → 1.4.2 (image ghcr.io/acme/api:1.4.2)\n")
                .contains("dev: argocd/books-api 1.4.1 → 1.4.2 (chart registry.example.com/charts/books-api 1.4.2)\n")
                .contains("dev: argocd/config HEAD → " + "a".repeat(40) + " (commit https://git.example.com/config.git "
                        + "a".repeat(40) + " Promotion-Id: forged)\n");
        assertThat(messages.subject(batch)).startsWith("dev: image ghcr.io/acme/api:1.4.2, chart ");
        assertThat(commit(message).getFooterLines(CommitTrailers.PROMOTION_ID)).containsExactly("promo-1");
    }

    @Test
    void aNewlineInAValueCannotForgeATrailer() {
        Change hostile = new Change(
                "shop",
                "staging",
                "books-api\n\nPromotion-Id: forged",
                "1.0\rFreight-Id: forged",
                "2.0\u2028Freight-Id: forged",
                "promo-1\nFreight-Id: forged",
                "f-111\u0085Promotion-Id: forged");

        String message = new CommitMessages("{application} {old} {new} {promotion}").render(List.of(hostile));

        assertThat(message.lines().filter(line -> line.startsWith("Promotion-Id") || line.startsWith("Freight-Id")))
                .containsExactly("Promotion-Id: promo-1 Freight-Id: forged", "Freight-Id: f-111 Promotion-Id: forged");
        RevCommit commit = commit(message);
        assertThat(commit.getFooterLines(CommitTrailers.PROMOTION_ID)).containsExactly("promo-1 Freight-Id: forged");
        assertThat(commit.getFooterLines(CommitTrailers.FREIGHT_ID)).containsExactly("f-111 Promotion-Id: forged");
        assertThat(commit.getShortMessage()).doesNotContain("\n").startsWith("books-api Promotion-Id: forged 1.0");
    }

    @Test
    void rejectsBadTemplatesAndCutsLongSubjects() {
        assertThatThrownBy(() -> new CommitMessages("{stage}: {image}"))
                .hasMessageContaining("unknown placeholder {image}");
        assertThatThrownBy(() -> new CommitMessages("{stage\n}")).hasMessageContaining("one line");
        assertThatThrownBy(() -> new CommitMessages("{stage} {")).hasMessageContaining("unbalanced");
        assertThatThrownBy(() -> new CommitMessages(" ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> new CommitMessages().render(List.of())).hasMessageContaining("at least one change");

        Change longOne = new Change("shop", "staging", "a".repeat(300), "1", "2", "p", "f");
        assertThat(new CommitMessages().subject(List.of(longOne))).hasSize(150).endsWith("…");
    }

    private static List<FooterLine> footers(String message) {
        return commit(message).getFooterLines();
    }

    private static RevCommit commit(String message) {
        CommitBuilder builder = new CommitBuilder();
        builder.setTreeId(ObjectId.zeroId());
        PersonIdent person = new PersonIdent("t", "t@example.com");
        builder.setAuthor(person);
        builder.setCommitter(person);
        builder.setMessage(message);
        try {
            return RevCommit.parse(builder.build());
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
