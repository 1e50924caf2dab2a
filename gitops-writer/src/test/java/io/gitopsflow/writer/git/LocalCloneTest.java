package io.gitopsflow.writer.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalCloneTest {

    @Test
    void aFetchAheadServesTheNextWriteOnceAndOnlyWhileFresh() throws InterruptedException {
        LocalClone clone = new LocalClone(null, false);
        assertThat(clone.takeFetchedAhead(Duration.ofSeconds(1)))
                .as("never fetched ahead")
                .isFalse();

        clone.fetchedAhead();
        assertThat(clone.takeFetchedAhead(Duration.ofSeconds(1))).isTrue();
        assertThat(clone.takeFetchedAhead(Duration.ofSeconds(1)))
                .as("used by one write")
                .isFalse();

        clone.fetchedAhead();
        Thread.sleep(5);
        assertThat(clone.takeFetchedAhead(Duration.ofMillis(1))).as("too old").isFalse();
        assertThat(clone.takeFetchedAhead(Duration.ofSeconds(1)))
                .as("and no longer offered")
                .isFalse();
    }
}
