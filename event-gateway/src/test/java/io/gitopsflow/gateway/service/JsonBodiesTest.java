package io.gitopsflow.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBodiesTest {

    private final JsonBodies bodies = new JsonBodies(32, 1000);

    @Test
    void refusesAnObjectWithADuplicateKeyRatherThanLettingTheLastWin() {
        byte[] body =
                "{\"full_name\":\"acme/books-api\",\"full_name\":\"acme/gitops\"}".getBytes(StandardCharsets.UTF_8);

        assertRejected(body, "application/json", 400, "duplicate key \"full_name\" in a JSON object at line 1");
    }

    @Test
    void refusesNestingDeeperThanTheLimitWithTheReason() {
        String deep = "{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}";

        assertRejected(deep.getBytes(StandardCharsets.UTF_8), "application/json", 400, "JSON nested deeper than 32");
        assertThat(bodies.readObject(
                        ("{\"a\":" + "[".repeat(30) + "]".repeat(30) + "}").getBytes(StandardCharsets.UTF_8), null))
                .isNotNull();
    }

    @Test
    void refusesAStringLongerThanTheLimitWithTheReason() {
        byte[] body = ("{\"a\":\"" + "x".repeat(1001) + "\"}").getBytes(StandardCharsets.UTF_8);

        assertRejected(body, "application/json", 400, "JSON exceeds a size limit");
    }

    @Test
    void refusesTrailingContentAfterTheObject() {
        assertRejected(
                "{\"a\":1} {\"b\":2}".getBytes(StandardCharsets.UTF_8), "application/json", 400, "malformed JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32", "ISO-8859-1"})
    void decodesTheBodyByItsDeclaredCharset(String charset) {
        byte[] body = "{\"name\":\"Ana García\"}".getBytes(Charset.forName(charset));

        assertThat(bodies.readObject(body, "application/json; charset=" + charset.toLowerCase())
                        .get("name")
                        .textValue())
                .isEqualTo("Ana García");
    }

    @Test
    void neverReadsABodyDeclaredUtf16AsUtf8() {
        byte[] utf8 = "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8);

        assertRejected(utf8, "application/json; charset=utf-16", 400, "");
    }

    @Test
    void refusesBytesThatAreNotValidInTheDeclaredCharset() {
        byte[] latin1 = "{\"name\":\"García\"}".getBytes(StandardCharsets.ISO_8859_1);

        assertRejected(latin1, "application/json", 400, "the body is not valid UTF-8 text");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ebcdic-cp-us", "utf-7", "no such charset", "\"x\ny\""})
    void refusesAnUnsupportedCharsetWith415AndTheReason(String charset) {
        assertRejected("{}".getBytes(StandardCharsets.UTF_8), "application/json; charset=" + charset, 415, "charset ");
    }

    private void assertRejected(byte[] body, String contentType, int status, String reason) {
        assertThatThrownBy(() -> bodies.readObject(body, contentType))
                .asInstanceOf(type(RejectedWebhookException.class))
                .satisfies(e -> assertThat(e.status()).isEqualTo(status))
                .satisfies(e -> assertThat(e.getMessage()).isNotBlank().startsWith(reason));
    }
}
