package io.gitopsflow.promotion.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.promotion.service.PromotionException;
import io.vertx.pgclient.PgException;
import jakarta.persistence.OptimisticLockException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class TransactionsTest {

    @Test
    void concurrentChangesAreConflictsToDecideAgainOtherFailuresAreNot() {
        assertThat(Transactions.isConflict(new CompletionException(new OptimisticLockException("stale"))))
                .isTrue();
        assertThat(Transactions.isConflict(new PgException("duplicate key", "ERROR", "23505", "detail")))
                .isTrue();
        assertThat(Transactions.isConflict(new PgException("syntax", "ERROR", "42601", "detail")))
                .isFalse();
        assertThat(Transactions.isConflict(new PromotionException(409, "stage busy")))
                .isFalse();
        assertThat(Transactions.isConflict(new IllegalStateException("boom"))).isFalse();
    }
}
