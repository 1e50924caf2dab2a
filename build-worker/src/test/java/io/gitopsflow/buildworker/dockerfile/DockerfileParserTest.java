package io.gitopsflow.buildworker.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DockerfileParserTest {

    private static final String JAVA_DOCKERFILE = """
            FROM registry.local:5000/base/java:17
            ARG JAR=target/app.jar
            ENV JAVA_OPTS="-Xmx256m" APP_HOME=/app
            WORKDIR /app
            COPY --chown=1000:1000 ${JAR} app.jar
            LABEL org.opencontainers.image.source="https://github.com/acme/books-api"
            USER 1000
            EXPOSE 8080
            ENTRYPOINT ["java","-jar","/app/app.jar"]
            """;

    private static DockerfilePlan parse(String dockerfile) {
        return DockerfileParser.parse(dockerfile, Map.of());
    }

    @Test
    void readsARealisticJavaDockerfile() {
        DockerfilePlan plan = parse(JAVA_DOCKERFILE);

        assertThat(plan.baseImage()).isEqualTo("registry.local:5000/base/java:17");
        assertThat(plan.fromScratch()).isFalse();
        assertThat(plan.env()).containsExactly(Map.entry("JAVA_OPTS", "-Xmx256m"), Map.entry("APP_HOME", "/app"));
        assertThat(plan.workdir()).isEqualTo("/app");
        assertThat(plan.copies())
                .containsExactly(new DockerfilePlan.Copy(List.of("target/app.jar"), "/app/app.jar", "1000:1000", 5));
        assertThat(plan.labels())
                .containsExactly(Map.entry("org.opencontainers.image.source", "https://github.com/acme/books-api"));
        assertThat(plan.user()).isEqualTo("1000");
        assertThat(plan.exposedPorts()).containsExactly("8080/tcp");
        assertThat(plan.entrypoint()).containsExactly("java", "-jar", "/app/app.jar");
        assertThat(plan.cmd()).isNull();
    }

    @Test
    void buildArgsOverrideArgDefaults() {
        DockerfilePlan plan = DockerfileParser.parse(JAVA_DOCKERFILE, Map.of("JAR", "build/libs/books.jar"));

        assertThat(plan.copies().get(0).sources()).containsExactly("build/libs/books.jar");
    }

    @Test
    void argsBeforeFromFeedFromAndABareArgInTheStage() {
        DockerfilePlan plan = DockerfileParser.parse("""
                # syntax=docker/dockerfile:1
                ARG REGISTRY=registry.local:5000
                ARG VERSION=17
                FROM ${REGISTRY}/base/java:$VERSION AS runtime
                ARG VERSION
                ARG UNSET
                ENV JAVA_VERSION=${VERSION} OTHER=${UNSET:-fallback} SET=${VERSION:+yes} EMPTY=$UNSET
                """, Map.of("VERSION", "21"));

        assertThat(plan.baseImage()).isEqualTo("registry.local:5000/base/java:21");
        assertThat(plan.env())
                .containsExactly(
                        Map.entry("JAVA_VERSION", "21"),
                        Map.entry("OTHER", "fallback"),
                        Map.entry("SET", "yes"),
                        Map.entry("EMPTY", ""));
    }

    @Test
    void argsBeforeFromAreNotInTheStageUntilRedeclared() {
        DockerfilePlan plan = parse("ARG V=1\nFROM scratch\nENV A=${V}\n");

        assertThat(plan.fromScratch()).isTrue();
        assertThat(plan.env()).containsExactly(Map.entry("A", ""));
    }

    @Test
    void joinsContinuationsSkipsCommentsAndReadsInstructionsInAnyCase() {
        DockerfilePlan plan = parse("""
                # a comment

                from scratch
                env A=1 \\
                    # a comment inside the continuation
                    B="two words" \\

                    C='$A'
                Label version=1 \\
                  team=books
                copy a.txt \\
                     b.txt /data/
                """);

        assertThat(plan.env()).containsExactly(Map.entry("A", "1"), Map.entry("B", "two words"), Map.entry("C", "$A"));
        assertThat(plan.labels()).containsExactly(Map.entry("version", "1"), Map.entry("team", "books"));
        assertThat(plan.copies())
                .containsExactly(new DockerfilePlan.Copy(List.of("a.txt", "b.txt"), "/data/", null, 11));
    }

    @Test
    void readsLegacyEnvAndEnvReferences() {
        DockerfilePlan plan = parse("FROM scratch\nENV GREETING hello  world\nENV HOME_DIR=/home/$GREETING\n");

        assertThat(plan.env())
                .containsExactly(Map.entry("GREETING", "hello  world"), Map.entry("HOME_DIR", "/home/hello  world"));
    }

    @Test
    void resolvesWorkdirAndDestinationsAgainstThePreviousWorkdir() {
        DockerfilePlan plan = parse("""
                FROM scratch
                COPY a /
                COPY b relative/b
                WORKDIR /srv
                WORKDIR app/../service
                COPY ["c d.txt", "lib/*.jar", "./"]
                COPY /config/ config
                ADD e.txt .
                """);

        assertThat(plan.workdir()).isEqualTo("/srv/service");
        assertThat(plan.copies())
                .extracting(DockerfilePlan.Copy::sources, DockerfilePlan.Copy::destination)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(List.of("a"), "/"),
                        org.assertj.core.groups.Tuple.tuple(List.of("b"), "/relative/b"),
                        org.assertj.core.groups.Tuple.tuple(List.of("c d.txt", "lib/*.jar"), "/srv/service/"),
                        org.assertj.core.groups.Tuple.tuple(List.of("config"), "/srv/service/config"),
                        org.assertj.core.groups.Tuple.tuple(List.of("e.txt"), "/srv/service/"));
        assertThat(plan.copies().get(2).intoDirectory()).isTrue();
        assertThat(plan.copies().get(3).intoDirectory()).isFalse();
    }

    @Test
    void readsPortsAndShellFormCommands() {
        DockerfilePlan plan = parse("""
                FROM scratch
                EXPOSE 8080 8443/tcp 53/UDP 9000-9002
                ENTRYPOINT exec java -jar app.jar
                CMD echo "$HOME" && \\
                    run --fast
                """);

        assertThat(plan.exposedPorts())
                .containsExactly("8080/tcp", "8443/tcp", "53/udp", "9000/tcp", "9001/tcp", "9002/tcp");
        assertThat(plan.entrypoint()).containsExactly("/bin/sh", "-c", "exec java -jar app.jar");
        assertThat(plan.cmd()).containsExactly("/bin/sh", "-c", "echo \"$HOME\" &&     run --fast");
    }

    @Test
    void readsTheBacktickEscapeDirective() {
        DockerfilePlan plan = parse("# escape=`\nFROM scratch\nENV A=1 `\n    B=2\n");

        assertThat(plan.env()).containsExactly(Map.entry("A", "1"), Map.entry("B", "2"));
    }

    @Test
    void emptyExecFormIsKept() {
        assertThat(parse("FROM scratch\nCMD []\n").cmd()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "FROM scratch\\nCOPY a /a\\n\\nRUN mvn package | 4 | RUN | "
                        + "Dockerfile line 4: RUN cannot be built by the jib builder (it needs a container runtime);"
                        + " use builder: kubernetes",
                "FROM scratch\\nHEALTHCHECK CMD true | 2 | HEALTHCHECK | use builder: kubernetes",
                "FROM scratch\\nONBUILD COPY a b | 2 | ONBUILD | use builder: kubernetes",
                "FROM scratch\\nSHELL [\"bash\",\"-c\"] | 2 | SHELL | use builder: kubernetes",
                "FROM scratch\\nSTOPSIGNAL SIGTERM | 2 | STOPSIGNAL | use builder: kubernetes",
                "FROM scratch\\nVOLUME /data | 2 | VOLUME | use builder: kubernetes",
                "FROM scratch\\nCOPY --from=builder /app /app | 2 | COPY | --from",
                "FROM scratch\\nCOPY --chmod=755 a /a | 2 | COPY | \"--chmod\" is not supported",
                "FROM scratch\\nADD https://example.com/a.jar /a.jar | 2 | ADD | of a URL",
                "FROM scratch\\nADD --checksum=sha256:abc a /a | 2 | ADD | \"--checksum\" is not supported",
                "FROM scratch\\nADD --link a /a | 2 | ADD | \"--link\" is not supported",
                "FROM scratch\\nADD --from=x a /a | 2 | ADD | --from",
                "FROM scratch\\nADD app.tar.gz /app/ | 2 | ADD | would unpack it",
                "FROM scratch\\nCOPY ../secret /s | 2 | COPY | leaves the build context",
                "FROM scratch\\nCOPY a b c | 2 | COPY | destination folder ending in '/'",
                "FROM scratch\\nCOPY onlyone | 2 | COPY | needs at least one source and a destination",
                "FROM scratch\\nCOPY [\"a\", \"b\" | 2 | COPY | malformed JSON array",
                "FROM scratch\\nENTRYPOINT [\"java\", 1] | 2 | ENTRYPOINT | only strings",
                "FROM scratch\\nCMD [\"java\" | 2 | CMD | malformed JSON array",
                "FROM scratch\\nENV | 2 | ENV | missing its arguments",
                "FROM scratch\\nENV LONELY | 2 | ENV | needs a value",
                "FROM scratch\\nLABEL =x | 2 | LABEL | key=value",
                "FROM scratch\\nENV A=\"open | 2 | ENV | unterminated double quote",
                "FROM scratch\\nEXPOSE 70000 | 2 | EXPOSE | between 1 and 65535",
                "FROM scratch\\nEXPOSE http | 2 | EXPOSE | must be 'port",
                "FROM scratch\\nUSER | 2 | USER | missing its arguments",
                "FROM scratch\\nUSER a b | 2 | USER | user[:group]",
                "FROM scratch\\nFROM scratch | 2 | FROM | multi-stage builds cannot be built by the jib builder",
                "FROM --platform=linux/amd64 scratch | 1 | FROM | \"--platform\" is not supported",
                "FROM Registry/UPPER | 1 | FROM | invalid image reference",
                "FROM a b | 1 | FROM | must be 'FROM image [AS name]'",
                "ENV A=1\\nFROM scratch | 1 | ENV | comes before FROM",
                "FROM scratch\\nENV A=${B:?required} | 2 | ENV | unsupported variable reference",
            })
    void refusesWithTheLineAndInstruction(String dockerfile, int line, String instruction, String message) {
        assertThatThrownBy(() -> parse(dockerfile.replace("\\n", "\n")))
                .isInstanceOfSatisfying(UnsupportedDockerfileException.class, e -> {
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.instruction()).isEqualTo(instruction);
                    assertThat(e.getMessage()).startsWith("Dockerfile line " + line + ": " + instruction + " ");
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void refusesMultiStageBuildsAtTheSecondFrom() {
        assertThatThrownBy(() -> parse("""
                        FROM registry.local:5000/maven:3 AS build
                        COPY . /src

                        FROM registry.local:5000/base/java:17
                        COPY --from=build /src/target/app.jar /app.jar
                        """))
                .isInstanceOf(UnsupportedDockerfileException.class)
                .hasMessage("Dockerfile line 4: FROM starts a second build stage: multi-stage builds cannot be built by"
                        + " the jib builder; use builder: kubernetes");
    }

    @Test
    void reportsTheFirstLineOfAContinuedInstruction() {
        assertThatThrownBy(() -> parse("FROM scratch\nRUN apt-get update && \\\n    apt-get install -y curl\n"))
                .isInstanceOfSatisfying(
                        UnsupportedDockerfileException.class,
                        e -> assertThat(e.line()).isEqualTo(2));
    }

    @Test
    void refusesUnknownInstructionsAndDockerfilesWithoutFrom() {
        assertThatThrownBy(() -> parse("FROM scratch\nFROBNICATE now\n"))
                .isInstanceOf(UnsupportedDockerfileException.class)
                .hasMessage("Dockerfile line 2: unknown instruction \"FROBNICATE\"");
        assertThatThrownBy(() -> parse("# only a comment\nARG A=1\n\n"))
                .isInstanceOf(UnsupportedDockerfileException.class)
                .hasMessage("Dockerfile line 2: no FROM instruction: the Dockerfile names no base image");
        assertThatThrownBy(() -> parse(""))
                .isInstanceOf(UnsupportedDockerfileException.class)
                .hasMessageStartingWith("Dockerfile line 1: no FROM");
        assertThatThrownBy(() -> parse("ARG BASE\nFROM ${BASE}\n"))
                .isInstanceOf(UnsupportedDockerfileException.class)
                .hasMessageContaining("line 2: FROM names no image");
    }
}
