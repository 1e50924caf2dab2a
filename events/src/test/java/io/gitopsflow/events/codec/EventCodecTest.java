package io.gitopsflow.events.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.events.EventSamples;
import io.gitopsflow.events.EventType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private static final String IMAGE =
            new String(EventCodec.encode(EventSamples.imagePublished()), StandardCharsets.UTF_8);

    @Test
    void anEventReadsBackAsItWasWritten() {
        assertThat(decode(IMAGE)).isEqualTo(EventSamples.imagePublished());
    }

    @Test
    void aDuplicateKeyIsAnErrorNotTheLastValue() {
        String twice = IMAGE.replaceFirst("\\{", "{\"digest\":\"sha256:" + "0".repeat(64) + "\",");
        assertThatThrownBy(() -> decode(twice)).hasMessageContaining("digest");
    }

    @Test
    void aValueOfAnotherJsonTypeIsAnErrorNotCoerced() {
        String numberForText = IMAGE.replaceFirst("\"buildId\":\"[^\"]*\"", "\"buildId\":42");
        assertThat(numberForText).isNotEqualTo(IMAGE);
        assertThatThrownBy(() -> decode(numberForText)).isInstanceOf(RuntimeException.class);
        String textForNumber = IMAGE.replaceFirst("\"totalMillis\":(\\d+)", "\"totalMillis\":\"$1\"");
        assertThat(textForNumber).isNotEqualTo(IMAGE);
        assertThatThrownBy(() -> decode(textForNumber)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void dataNestedDeeperThanTheLimitIsAnErrorNotAStackOverflow() {
        String deep = IMAGE.replaceFirst("\\{", "{\"extra\":" + "[".repeat(20_000) + "]".repeat(20_000) + ",");
        assertThatThrownBy(() -> decode(deep)).hasMessageContaining("depth");
    }

    private static Object decode(String json) {
        return EventCodec.decode(EventType.IMAGE_PUBLISHED, json.getBytes(StandardCharsets.UTF_8));
    }
}
