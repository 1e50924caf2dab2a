package io.gitopsflow.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeliveryKeysTest {

    @Test
    void refusesADeliveryIdLongerThanTheLimitWithTheReason() {
        assertThatThrownBy(() -> DeliveryKeys.require("delivery id", "x".repeat(10_000), DeliveryKeys.ID_MAX))
                .isInstanceOf(RejectedWebhookException.class)
                .hasMessageEndingWith("must be at most 200 characters (was 10000)");
    }

    @Test
    void refusesADeliveryIdWithSpacesOrControlCharacters() {
        assertThatThrownBy(() -> DeliveryKeys.require("delivery id", "a\nb", DeliveryKeys.ID_MAX))
                .hasMessageContaining("visible ASCII");
        assertThat(DeliveryKeys.require("delivery id", "72d3162e-cc78-11e3-81ab-4c9367dc0958", DeliveryKeys.ID_MAX))
                .isEqualTo("72d3162e-cc78-11e3-81ab-4c9367dc0958");
    }

    @Test
    void keepsAKeyThatFitsReadableAndHashesOneThatDoesNotTheSameWayEveryTime() {
        assertThat(DeliveryKeys.key("registry", "reg.example/acme/books:1.0@sha256:ab"))
                .isEqualTo("registry:reg.example/acme/books:1.0@sha256:ab");

        String long1 = "reg.example/" + "a/".repeat(120) + "books:" + "t".repeat(128) + "@sha512:" + "f".repeat(128);
        String long2 = long1.replace("books", "bookz");
        assertThat(DeliveryKeys.key("registry", long1))
                .hasSizeLessThanOrEqualTo(DeliveryKeys.COLUMN_MAX)
                .startsWith("registry:sha256:")
                .isEqualTo(DeliveryKeys.key("registry", long1))
                .isNotEqualTo(DeliveryKeys.key("registry", long2));
    }
}
