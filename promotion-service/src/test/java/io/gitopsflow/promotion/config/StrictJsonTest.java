package io.gitopsflow.promotion.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.promotion.rest.PromotionResource.Comment;
import io.gitopsflow.promotion.rest.PromotionResource.PromoteRequest;
import org.junit.jupiter.api.Test;

class StrictJsonTest {

    private static final String FREIGHT = "0".repeat(40);
    private final ObjectMapper json = strict();

    @Test
    void readsWellFormedRequests() throws Exception {
        assertThat(json.readValue("{\"freight\":\"" + FREIGHT + "\"}", PromoteRequest.class))
                .isEqualTo(new PromoteRequest(FREIGHT, null, false));
        assertThat(json.readValue(
                        "{\"freight\":\"" + FREIGHT + "\",\"reason\":\"r\",\"overrideWindow\":true}",
                        PromoteRequest.class))
                .isEqualTo(new PromoteRequest(FREIGHT, "r", true));
        assertThat(json.readValue("{}", Comment.class)).isEqualTo(new Comment(null));
        // null is no value: the same as leaving the field out
        assertThat(json.readValue("{\"freight\":\"" + FREIGHT + "\",\"overrideWindow\":null}", PromoteRequest.class))
                .isEqualTo(new PromoteRequest(FREIGHT, null, false));
    }

    @Test
    void refusesDuplicateKeys() {
        refused("{\"comment\":\"a\",\"comment\":\"b\"}", Comment.class, "Duplicate field 'comment'");
    }

    @Test
    void refusesValuesOfTheWrongType() {
        refused("{\"comment\":5}", Comment.class, "Integer value (5)");
        refused("{\"comment\":true}", Comment.class, "Boolean value (true)");
        refused("{\"comment\":1.5}", Comment.class, "Float value (1.5)");
        refused("{\"comment\":[\"a\"]}", Comment.class, "");
        refused("{\"comment\":{\"a\":1}}", Comment.class, "");
        refused("{\"freight\":\"" + FREIGHT + "\",\"overrideWindow\":\"true\"}", PromoteRequest.class, "");
        refused("{\"freight\":\"" + FREIGHT + "\",\"overrideWindow\":1}", PromoteRequest.class, "");
        refused("{\"freight\":\"" + FREIGHT + "\",\"overrideWindow\":{}}", PromoteRequest.class, "");
        refused("\"text\"", Comment.class, "");
    }

    @Test
    void refusesUnknownFieldsAndTrailingContent() {
        refused("{\"comment\":\"a\",\"approved\":true}", Comment.class, "approved");
        refused("{\"comment\":\"a\"} {}", Comment.class, "");
    }

    @Test
    void refusesDeepLongAndHugeInput() {
        String deep = "{\"comment\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        refused(deep, Comment.class, "");
        assertThatThrownBy(() -> json.readTree(deep))
                .isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("nesting depth");
        refused("{\"comment\":\"" + "x".repeat(StrictJson.MAX_STRING_LENGTH + 1) + "\"}", Comment.class, "length");
        refused("{\"comment\":1" + "0".repeat(5000) + "}", Comment.class, "Number value length");
    }

    private void refused(String body, Class<?> type, String reason) {
        assertThatThrownBy(() -> json.readValue(body, type))
                .isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining(reason);
    }

    private static ObjectMapper strict() {
        ObjectMapper mapper = new ObjectMapper();
        new StrictJson().customize(mapper);
        return mapper;
    }
}
