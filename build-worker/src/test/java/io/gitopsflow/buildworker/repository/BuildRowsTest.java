package io.gitopsflow.buildworker.repository;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a build row keeps of a push: a clone URL without credentials, a delivery id that fits its column. */
class BuildRowsTest {

    @Test
    void aCloneUrlLosesItsCredentialsAndKeepsEverythingElse() {
        assertThat(BuildRows.withoutCredentials("https://x-access-token:s3cr3t@git.example.com:8443/acme/app.git"))
                .isEqualTo("https://git.example.com:8443/acme/app.git");
        assertThat(BuildRows.withoutCredentials("https://git.example.com/acme/app.git"))
                .isEqualTo("https://git.example.com/acme/app.git");
    }

    @Test
    void aLongDeliveryIdIsKeptByItsHashAndAShortOneAsItIs() {
        assertThat(BuildRows.deliveryKey("72d3162e-cc78-11e3-81ab-4c9367dc0958"))
                .isEqualTo("72d3162e-cc78-11e3-81ab-4c9367dc0958");
        String longId = "d".repeat(5000);
        assertThat(BuildRows.deliveryKey(longId))
                .matches("sha256-[0-9a-f]{64}")
                .isEqualTo(BuildRows.deliveryKey(longId));
    }
}
