package io.gitopsflow.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Loads the recorded-shape payloads under {@code /payloads} and builds header lookups as the REST layer does. */
final class Fixtures {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Fixtures() {}

    /** A fresh, mutable copy of a payload, so a test can break one field. */
    static ObjectNode load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/payloads/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A case-insensitive header lookup, like HTTP's: {@code headers("X-GitHub-Event", "push")}. */
    static Function<String, String> headers(String... namesAndValues) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map::get;
    }

    /** A reason fit for an HTTP answer and a log line: one line, short, and without the payload's content. */
    static void assertNoPayloadIn(String message, String... payloadFragments) {
        assertThat(message).doesNotContain("\n", "\r", "{", "}").hasSizeLessThan(300);
        for (String fragment : payloadFragments) {
            assertThat(message).doesNotContain(fragment);
        }
    }
}
