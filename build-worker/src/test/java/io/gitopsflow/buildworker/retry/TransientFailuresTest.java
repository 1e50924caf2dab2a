package io.gitopsflow.buildworker.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.buildworker.builder.ImageBuildException;
import io.gitopsflow.buildworker.checkout.CheckoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class TransientFailuresTest {

    @Test
    void anUnreachableOrSilentHostIsTransientWhereverItIsInTheCauses() {
        assertThat(TransientFailures.isTransient(new ConnectException("Connection refused")))
                .isTrue();
        assertThat(TransientFailures.isTransient(
                        new ExecutionException(new IOException("push failed", new SocketTimeoutException()))))
                .isTrue();
        assertThat(TransientFailures.isTransient(new UnknownHostException("registry.example.com")))
                .isTrue();
    }

    @Test
    void whatTheCommitOrTheSettingsGotWrongIsNot() {
        assertThat(TransientFailures.isTransient(null)).isFalse();
        assertThat(TransientFailures.isTransient(new IOException("MANIFEST_UNKNOWN")))
                .isFalse();
        assertThat(TransientFailures.isTransient(new IllegalArgumentException("bad tag")))
                .isFalse();
    }

    @Test
    void serverTroubleIsA5xxOrA429() {
        assertThat(TransientFailures.isServerTrouble(503)).isTrue();
        assertThat(TransientFailures.isServerTrouble(429)).isTrue();
        assertThat(TransientFailures.isServerTrouble(404)).isFalse();
        assertThat(TransientFailures.isServerTrouble(401)).isFalse();
    }

    @Test
    void buildAndCheckoutFailuresCarryTheVerdictOfTheirCause() {
        assertThat(new ImageBuildException("the registry refused the build", new ConnectException()).transientFailure())
                .isTrue();
        assertThat(new ImageBuildException("no such base image", new IOException("MANIFEST_UNKNOWN"))
                        .transientFailure())
                .isFalse();
        assertThat(new ImageBuildException("unauthorized", new ConnectException(), false).transientFailure())
                .isFalse();
        assertThat(new CheckoutException("cannot reach the host", new ConnectException()).transientFailure())
                .isTrue();
        assertThat(new CheckoutException("commit is not in the repository").transientFailure())
                .isFalse();
    }
}
