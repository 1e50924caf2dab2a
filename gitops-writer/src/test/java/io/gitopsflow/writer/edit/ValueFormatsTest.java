package io.gitopsflow.writer.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.events.GitOpsTarget.ValueFormat;
import io.gitopsflow.events.ImageRef;
import org.junit.jupiter.api.Test;

class ValueFormatsTest {

    private static final String DIGEST = GoldenFilesTest.DIGEST;
    private final ImageRef tagged = new ImageRef("ghcr.io/parraletz/books-api", "2.0.0", DIGEST);
    private final ImageRef digestOnly = new ImageRef("ghcr.io/parraletz/books-api", null, DIGEST);

    @Test
    void writesEachFormat() {
        assertThat(ValueFormats.value(tagged, ValueFormat.TAG)).isEqualTo("2.0.0");
        assertThat(ValueFormats.value(tagged, ValueFormat.DIGEST)).isEqualTo(DIGEST);
        assertThat(ValueFormats.value(tagged, ValueFormat.REPOSITORY)).isEqualTo("ghcr.io/parraletz/books-api");
        assertThat(ValueFormats.value(tagged, ValueFormat.REFERENCE_TAG))
                .isEqualTo("ghcr.io/parraletz/books-api:2.0.0");
        assertThat(ValueFormats.value(tagged, ValueFormat.REFERENCE_DIGEST))
                .isEqualTo("ghcr.io/parraletz/books-api@" + DIGEST);
        assertThat(ValueFormats.value(tagged, ValueFormat.REFERENCE_TAG_DIGEST))
                .isEqualTo("ghcr.io/parraletz/books-api:2.0.0@" + DIGEST);
    }

    @Test
    void formatsWithATagNeedOne() {
        assertThatThrownBy(() -> ValueFormats.value(digestOnly, ValueFormat.REFERENCE_TAG))
                .isInstanceOf(ManifestEditException.class)
                .hasMessage("value format reference-tag needs an image tag, but image ghcr.io/parraletz/books-api@"
                        + DIGEST + " has only a digest");
        assertThatThrownBy(() -> ValueFormats.value(digestOnly, ValueFormat.TAG))
                .hasMessageContaining("value format tag needs an image tag");
        assertThatThrownBy(() -> ValueFormats.value(digestOnly, ValueFormat.REFERENCE_TAG_DIGEST))
                .hasMessageContaining("needs an image tag");
        assertThat(ValueFormats.value(digestOnly, ValueFormat.REFERENCE_DIGEST)).endsWith(DIGEST);
    }

    @Test
    void referencesWithARegistryPortAndAnIpv6HostAreWritten() {
        var withPort = new ImageRef("registry.example.com:5000/ops/backup", "8", DIGEST);
        assertThat(ValueFormats.value(withPort, ValueFormat.REFERENCE_TAG))
                .isEqualTo("registry.example.com:5000/ops/backup:8");
        var ipv6 = new ImageRef("[::1]:5000/ops/backup", "8", DIGEST);
        assertThat(ValueFormats.value(ipv6, ValueFormat.REFERENCE_TAG)).isEqualTo("[::1]:5000/ops/backup:8");
    }
}
