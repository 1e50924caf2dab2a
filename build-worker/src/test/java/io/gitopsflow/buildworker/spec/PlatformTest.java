package io.gitopsflow.buildworker.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.events.validation.InvalidNameException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformTest {

    @Test
    void readsOsArchitectureAndAnOptionalVariantAndWritesThemBack() {
        assertThat(Platform.parse("linux/arm64")).isEqualTo(new Platform("linux", "arm64", null));
        assertThat(Platform.parse("linux/arm/v7")).isEqualTo(new Platform("linux", "arm", "v7"));
        assertThat(Platform.parse("linux/arm/v7")).hasToString("linux/arm/v7");
        assertThat(Platform.DEFAULT).hasToString("linux/amd64");
    }

    @Test
    void refusesWhatIsNotOsSlashArchitecture() {
        for (String bad : new String[] {"", "linux", "linux/", "/amd64", "linux/arm/v7/x", "linux amd64"}) {
            assertThatThrownBy(() -> Platform.parse(bad))
                    .as(bad)
                    .isInstanceOf(InvalidNameException.class)
                    .hasMessageContaining("platform");
        }
        assertThatThrownBy(() -> Platform.parse(null)).isInstanceOf(InvalidNameException.class);
    }

    @Test
    void refusesUnknownValuesAndNamesTheOciNameOfACommonAlias() {
        assertThatThrownBy(() -> Platform.parse("windows/amd64")).hasMessageContaining("the os must be linux");
        assertThatThrownBy(() -> Platform.parse("linux/x86_64")).hasMessageContaining("write linux/amd64");
        assertThatThrownBy(() -> Platform.parse("linux/aarch64")).hasMessageContaining("write linux/arm64");
        assertThatThrownBy(() -> Platform.parse("linux/sparc"))
                .hasMessageContaining("unknown architecture; known: 386, amd64, arm, arm64");
        assertThatThrownBy(() -> Platform.parse("linux/arm64/v7")).hasMessageContaining("unknown variant of arm64");
    }

    @Test
    void aListMustHoldDistinctPlatformsInTheOrderWritten() {
        assertThat(Platform.listOf(List.of("linux/arm64", "linux/amd64")))
                .containsExactly(Platform.parse("linux/arm64"), Platform.DEFAULT);
        assertThatThrownBy(() -> Platform.listOf(List.of("linux/amd64", "linux/amd64")))
                .hasMessageContaining("\"linux/amd64\": is listed twice");
        assertThatThrownBy(() -> Platform.listOf(List.of())).hasMessageContaining("must be a list");
        assertThatThrownBy(() -> Platform.listOf("linux/amd64")).hasMessageContaining("must be a list");
        assertThatThrownBy(() -> Platform.listOf(List.of(Map.of("os", "linux"))))
                .hasMessageContaining("must be a list");
    }
}
