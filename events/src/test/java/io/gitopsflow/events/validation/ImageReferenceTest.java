package io.gitopsflow.events.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

    private static final String HEX64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final String HEX128 = HEX64 + HEX64;

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "nginx | | nginx | |",
                "nginx:1.27-alpine | | nginx | 1.27-alpine |",
                "library/nginx | | library/nginx | |",
                "my-registry/app | | my-registry/app | |",
                "a__b/c--d/e.f_g:_Tag.1-x | | a__b/c--d/e.f_g | _Tag.1-x |",
                "ghcr.io/acme/books-api:1.4.2 | ghcr.io | acme/books-api | 1.4.2 |",
                "localhost/app | localhost | app | |",
                "Registry.Example.com/app | Registry.Example.com | app | |",
                "registry.example.com:5000/a/b/c:main-3f2a1b9-12 | registry.example.com:5000 | a/b/c | main-3f2a1b9-12 |",
                "[::1]:5000/app:v1 | [::1]:5000 | app | v1 |",
                "[fe80::1]/app | [fe80::1] | app | |",
                "localhost:5000/team/app@sha256:" + HEX64 + " | localhost:5000 | team/app | | sha256:" + HEX64,
                "quay.io/org/app:latest@sha256:" + HEX64 + " | quay.io | org/app | latest | sha256:" + HEX64,
                "ghcr.io/acme/app@sha512:" + HEX128 + " | ghcr.io | acme/app | | sha512:" + HEX128,
                "app@blake3:" + HEX64 + " | | app | | blake3:" + HEX64,
            })
    void parsesRealWorldReferences(String reference, String domain, String path, String tag, String digest) {
        var parsed = ImageReference.parse(reference);

        assertThat(parsed).isEqualTo(new ImageReference(domain, path, tag, digest));
        assertThat(parsed.toString()).isEqualTo(reference);
        assertThat(ImageReference.parse(parsed.toString())).isEqualTo(parsed);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "Nginx",
                "UPPER/case",
                "app:tag with space",
                " app",
                "app ",
                "app:-leading",
                "app:.leading",
                "app:",
                "app@",
                "app@sha256:short",
                "app@sha256:" + HEX128,
                "app@sha512:" + HEX64,
                "app@sha256:0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF",
                "app@" + HEX64,
                "app@md5:xyz",
                "app@sha256:" + HEX64 + "@sha256:" + HEX64,
                "app:1.0\nimage: evil",
                "app: {x}",
                "app:1.0\r",
                "app\u0000",
                "app\t",
                "app\u0085x",
                "app:v1\u2028image: evil",
                "app:v\u202e1",
                "app:\"x\"",
                "app:'x'",
                "app:1.0:2",
                "app:a/b",
                "../etc/passwd",
                "a/../b",
                "a//b",
                "/app",
                "app/",
                "-app",
                "app-",
                "a...b",
                "ghcr.io/",
                "ghcr.io:port/app",
                "ghcr.io:5000:1/app",
                "-ghcr.io/app",
                "ghcr_io.com/app",
                "[::1/app",
                "[::g]:5000/app",
                "ex ample.com/app",
                "app#1",
                "app;rm -rf /",
                "app$(id)",
                "ghcr.io/acme/books-api:1.4.2 # comment",
            })
    void rejectsInvalidReferences(String reference) {
        assertThatThrownBy(() -> ImageReference.parse(reference))
                .isInstanceOf(InvalidNameException.class)
                .asInstanceOf(type(InvalidNameException.class))
                .satisfies(e -> assertThat(e.what()).isEqualTo("image reference"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r", "\u0000", "\u2028"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "UPPER/case          | repository name must be lowercase",
                "ghcr.io/Acme/app    | repository name must be lowercase",
                "app:tag with space  | must not contain whitespace",
                "app:-leading        | tag must start with a letter",
                "app:a+b             | tag may contain only",
                "app@sha256:short    | a sha256 digest must be 64 lower-case hexadecimal characters",
                "app@md5:xyz         | digest must be <algorithm>:<at least 32 hexadecimal characters>",
                "a//b                | repository path must not contain empty components",
                "ghcr.io:port/app    | registry domain must be a host name",
                "a...b               | path component \"a...b\" must be lowercase letters and digits",
                "app:                | tag must not be empty",
            })
    void explainsWhyAReferenceIsInvalid(String reference, String reason) {
        assertThatThrownBy(() -> ImageReference.parse(reference))
                .isInstanceOf(InvalidNameException.class)
                .asInstanceOf(type(InvalidNameException.class))
                .extracting(InvalidNameException::reason)
                .asString()
                .startsWith(reason);
    }

    @Test
    void quotesTheValueSafelyInTheMessage() {
        assertThatThrownBy(() -> ImageReference.parse("app:1.0\nimage: \"evil\"\u0000"))
                .hasMessage("invalid image reference \"app:1.0\\nimage: \\\"evil\\\"\\u0000\": "
                        + "must not contain control characters");
    }

    @Test
    void limitsTheNameTo255Characters() {
        String path254 = "a/" + "b".repeat(252);
        assertThat(ImageReference.parse("x" + path254.substring(1)).path()).hasSize(254);
        String name255 = "ghcr.io/" + "a".repeat(247);
        assertThat(ImageReference.parse(name255 + ":v1").repository()).hasSize(255);

        assertThatThrownBy(() -> ImageReference.parse(name255 + "a:v1"))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageEndingWith("repository name must be at most 255 characters (was 256)");
        assertThatThrownBy(() -> ImageReference.parse("a".repeat(256)))
                .hasMessageEndingWith("repository name must be at most 255 characters (was 256)");
    }

    @Test
    void limitsTheTagTo128Characters() {
        assertThat(ImageReference.requireTag("t".repeat(128))).hasSize(128);
        assertThat(ImageReference.parse("app:" + "t".repeat(128)).tag()).hasSize(128);

        assertThatThrownBy(() -> ImageReference.parse("app:" + "t".repeat(129)))
                .hasMessageEndingWith("tag must be at most 128 characters (was 129)");
        assertThatThrownBy(() -> ImageReference.requireTag("t".repeat(129))).isInstanceOf(InvalidNameException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nginx", "library/nginx", "ghcr.io/acme/books-api", "localhost:5000/app", "[::1]:5000/a/b"})
    void acceptsRepositoryNames(String name) {
        assertThat(ImageReference.requireRepository(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "nginx:1.27               | a repository name must not contain a tag",
                "localhost:5000           | a repository name must not contain a tag",
                "nginx@sha256:" + HEX64 + "| a repository name must not contain a digest",
                "UPPER/case               | repository name must be lowercase",
                "ghcr.io/                 | repository path must not be empty",
                "acme/../app              | path component",
            })
    void rejectsRepositoryNamesWithMoreThanAName(String name, String reason) {
        assertThatThrownBy(() -> ImageReference.requireRepository(name))
                .isInstanceOf(InvalidNameException.class)
                .asInstanceOf(type(InvalidNameException.class))
                .satisfies(e -> assertThat(e.what()).isEqualTo("image repository"))
                .satisfies(e -> assertThat(e.reason()).startsWith(reason));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.2.3", "latest", "1.27-alpine", "_x", "main-3f2a1b9-12", "A.b-C_d"})
    void acceptsTags(String tag) {
        assertThat(ImageReference.requireTag(tag)).isEqualTo(tag);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-x", ".x", "a b", "a\nb", "a:b", "a/b", "a@b", "v1\u0000", "ä"})
    void rejectsTags(String tag) {
        assertThatThrownBy(() -> ImageReference.requireTag(tag))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageStartingWith("invalid image tag ");
    }

    @Test
    void rejectsNullEverywhere() {
        assertThatThrownBy(() -> ImageReference.parse(null))
                .hasMessage("invalid image reference null: must not be empty");
        assertThatThrownBy(() -> ImageReference.requireRepository(null)).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> ImageReference.requireTag(null)).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> ImageReference.requireDigest(null)).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> new ImageReference("ghcr.io", null, null, null))
                .isInstanceOf(InvalidNameException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"sha256:" + HEX64, "sha512:" + HEX128, "blake3:" + HEX64, "sha1:0123456789ABCDEF0123456789abcdef"
            })
    void acceptsDigests(String digest) {
        assertThat(ImageReference.requireDigest(digest)).isEqualTo(digest);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sha256:short",
                "sha256:" + HEX64 + "0",
                "sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
                "sha512:" + HEX64,
                HEX64,
                ":" + HEX64,
                "sha256:",
                "1sha:" + HEX64,
                "sha--256:" + HEX64,
                "md5:0123456789abcdef",
                "sha256:" + HEX64 + "\n",
            })
    void rejectsDigests(String digest) {
        assertThatThrownBy(() -> ImageReference.requireDigest(digest))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageStartingWith("invalid image digest ");
    }

    @Test
    void replacesTagAndDigest() {
        var reference = ImageReference.parse("ghcr.io/acme/books-api:1.4.2");

        var retagged = reference.withTag("1.5.0");
        assertThat(retagged).hasToString("ghcr.io/acme/books-api:1.5.0");
        assertThat(retagged.repository()).isEqualTo("ghcr.io/acme/books-api");
        assertThat(retagged.withDigest("sha256:" + HEX64)).hasToString("ghcr.io/acme/books-api:1.5.0@sha256:" + HEX64);
        assertThat(retagged.withTag(null)).hasToString("ghcr.io/acme/books-api");
        assertThat(reference.withDigest("sha256:" + HEX64).withDigest(null)).isEqualTo(reference);

        assertThatThrownBy(() -> reference.withTag("1.0\nimage: evil"))
                .asInstanceOf(type(InvalidNameException.class))
                .extracting(InvalidNameException::what)
                .isEqualTo("image tag");
        assertThatThrownBy(() -> reference.withDigest("sha256:short"))
                .asInstanceOf(type(InvalidNameException.class))
                .extracting(InvalidNameException::what)
                .isEqualTo("image digest");
    }

    @Test
    void constructorRefusesWhatParseWouldReadDifferently() {
        // a domain without '.' or ':' would be read back as a path component, and the other way round
        assertThatThrownBy(() -> new ImageReference("registry", "app", null, null))
                .hasMessageEndingWith("registry domain must contain '.' or ':' or be localhost");
        assertThatThrownBy(() -> new ImageReference(null, "ghcr.io/app", null, null))
                .hasMessageContaining("would be read as a registry domain");
        assertThatThrownBy(() -> new ImageReference(null, "app", "x y", null)).isInstanceOf(InvalidNameException.class);
        assertThat(new ImageReference(null, "ghcr.io", "v1", null)).hasToString("ghcr.io:v1");
    }
}
