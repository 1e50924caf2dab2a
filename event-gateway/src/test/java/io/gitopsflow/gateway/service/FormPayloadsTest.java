package io.gitopsflow.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FormPayloadsTest {

    @Test
    void recognisesTheFormContentTypeWithOrWithoutParameters() {
        assertThat(FormPayloads.isForm("application/x-www-form-urlencoded")).isTrue();
        assertThat(FormPayloads.isForm("Application/X-WWW-Form-Urlencoded; charset=UTF-8"))
                .isTrue();
        assertThat(FormPayloads.isForm("application/json")).isFalse();
        assertThat(FormPayloads.isForm(null)).isFalse();
    }

    @Test
    void takesThePayloadFieldOutByteForByte() {
        String json = "{\"ref\":\"refs/heads/main\",\"message\":\"Añade + y & al README\"}";
        byte[] form =
                ("payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII);

        assertThat(FormPayloads.payload(form)).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void leavesInvalidUtf8ForTheJsonReaderToRefuseRatherThanReplacingIt() {
        assertThat(FormPayloads.payload("payload=%FF".getBytes(StandardCharsets.US_ASCII)))
                .containsExactly((byte) 0xFF);
    }

    @Test
    void refusesWhatIsNoFormOrHasNoSinglePayload() {
        assertThatThrownBy(() -> FormPayloads.payload("zen=x".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("field payload, which is missing");
        assertThatThrownBy(() -> FormPayloads.payload("payload=1&payload=2".getBytes(StandardCharsets.US_ASCII)))
                .hasMessage("the form field payload appears 2 times");
        assertThatThrownBy(() -> FormPayloads.payload("payload=%G1".getBytes(StandardCharsets.US_ASCII)))
                .hasMessage("malformed form body (a bad percent escape)");
        assertThatThrownBy(() -> FormPayloads.payload("payload={\"a\":\"ü\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("a form body must be ASCII (percent-encoded)");
        assertThatThrownBy(() -> FormPayloads.payload(null)).isInstanceOf(RejectedWebhookException.class);
    }
}
