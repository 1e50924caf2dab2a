package io.gitopsflow.promotion.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.messaging.TerminalFailure;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ContentErrorsTest {

    @Test
    void aValueTheDatabaseRefusesIsTheRecordsFaultAndTerminal() {
        PgException tooLong = new PgException("value too long for type character varying(200)", "ERROR", "22001", "");
        assertThat(ContentErrors.isRefusedContent(new CompletionException(tooLong)))
                .isTrue();
        assertThat(ContentErrors.isRefusedContent(new PgException("null value", "ERROR", "23502", "")))
                .isTrue();
        assertThat(ContentErrors.isRefusedContent(new PgException("check", "ERROR", "23514", "")))
                .isTrue();
        TerminalFailure terminal = ContentErrors.terminal(new CompletionException(tooLong));
        assertThat(TerminalFailure.isTerminal(terminal)).isTrue();
        assertThat(terminal).hasMessageContaining("value too long");
    }

    @Test
    void anOutageOrAConflictIsNotTheRecordsFault() {
        assertThat(ContentErrors.isRefusedContent(new ConnectException("Connection refused")))
                .isFalse();
        assertThat(ContentErrors.isRefusedContent(new PgException("shutting down", "FATAL", "57P01", "")))
                .isFalse();
        assertThat(ContentErrors.isRefusedContent(new PgException("duplicate key", "ERROR", "23505", "")))
                .isFalse();
        assertThat(ContentErrors.isRefusedContent(new IllegalStateException("Failed to read any response")))
                .isFalse();
    }
}
