package io.gitopsflow.spec.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The editor schema (schemas/pipeline.schema.json) and PipelineParser tell the same format: every pipeline in the
 * repository passes both, broken ones fail both, and every mapping the parser reads has the same field names in the
 * schema — so a field added to the parser without the schema fails here.
 */
class PipelineSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode SCHEMA_TREE = readSchema();
    private static final JsonSchema SCHEMA =
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(SCHEMA_TREE);
    private static final Pattern KNOWN = Pattern.compile("unknown field 'zz-unknown' in [^(]*\\(known: ([^)]*)\\)");

    /** A pipeline that uses every mapping the parser reads, so each can be probed with an unknown field. */
    private static final String FULL = """
            name: shop
            warehouse:
              freightCreationCriteria: {expression: "true"}
              subscriptions:
                - image: registry.example/acme/api
                - chart: {repoURL: oci://registry.example/charts/api}
                - git: {repoURL: https://git.example/acme/app, branch: main}
            stages:
              - name: dev
                approvals: {required: 1, role: dev}
                verification:
                  templates:
                    - name: smoke
                healthGate: {argoCdApplication: argocd/api-dev}
                windows:
                  - {kind: allow, schedule: "0 8 * * 1-5", duration: 8h}
                targets:
                  - repositoryUrl: https://git.example/acme/gitops
                    branch: main
                    path: dev/values.yaml
                    kind: helm-values
                    field: image.tag
                    image: registry.example/acme/api
                    argoCd: {application: argocd/api-dev}
            """;

    static Stream<Path> samples() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String folder :
                List.of("../deploy/config/pipelines", "../promotion-service/src/test/resources/pipelines")) {
            try (Stream<Path> list = Files.list(Path.of(folder))) {
                list.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
            }
        }
        assertThat(files).hasSizeGreaterThan(10);
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyPipelineInTheRepositoryParsesAndPassesTheSchema(Path file) throws IOException {
        String content = Files.readString(file);
        assertThat(PipelineParser.parse(file.toString(), content)).isNotEmpty();
        for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(content)) {
            assertThat(errors(document)).as(file.toString()).isEmpty();
        }
    }

    @Test
    void theFullPipelineOfThisTestPassesBoth() {
        assertThat(PipelineParser.parse("full.yaml", FULL)).hasSize(1);
        assertThat(errors(load(FULL))).isEmpty();
    }

    @Test
    void anUnknownFieldIsRejectedByBoth() {
        assertRejectedByBoth(FULL.replace("  - name: dev\n", "  - name: dev\n    sok: 1h\n"));
    }

    @Test
    void aWrongTypeIsRejectedByBoth() {
        assertRejectedByBoth(FULL.replace("approvals: {required: 1,", "approvals: {required: [1],"));
        assertRejectedByBoth(FULL.replace("targets:\n", "autoPromotion: sometimes\n    targets:\n"));
    }

    @Test
    void aValueOutsideAnEnumIsRejectedByBoth() {
        assertRejectedByBoth(FULL.replace("kind: helm-values", "kind: helm-value"));
        assertRejectedByBoth(FULL.replace("kind: allow", "kind: maybe"));
        assertRejectedByBoth(FULL.replace(
                "- image: registry.example/acme/api\n",
                "- image: registry.example/acme/api\n      strategy: latest\n"));
    }

    @Test
    void aMissingRequiredFieldIsRejectedByBoth() {
        assertRejectedByBoth(FULL.replace(
                "        branch: main\n        path: dev/values.yaml\n", "        path: dev/values.yaml\n"));
    }

    /** Where each mapping sits in FULL (the line after which a probe field is put) and its schema definition. */
    private record Place(String afterLine, String indent, String definition) {}

    @Test
    void everyMappingTheParserReadsHasTheSameFieldsInTheSchema() {
        List<Place> places = List.of(
                new Place("name: shop", "", "#"),
                new Place("warehouse:", "  ", "#/definitions/warehouse"),
                new Place("freightCreationCriteria: {expression: \"true\"}", null, "freightCreationCriteria"),
                new Place("- image: registry.example/acme/api", "      ", "#/definitions/imageSubscription"),
                new Place("- chart: {repoURL: oci://registry.example/charts/api}", null, "chart"),
                new Place("- git: {repoURL: https://git.example/acme/app, branch: main}", null, "git"),
                new Place("- name: dev", "    ", "#/definitions/stage"),
                new Place("approvals: {required: 1, role: dev}", null, "approvals"),
                new Place("verification:", "      ", "verification"),
                new Place("- name: smoke", "          ", "template"),
                new Place("healthGate: {argoCdApplication: argocd/api-dev}", null, "healthGate"),
                new Place("- {kind: allow, schedule: \"0 8 * * 1-5\", duration: 8h}", null, "window"),
                new Place("- repositoryUrl: https://git.example/acme/gitops", "        ", "#/definitions/target"),
                new Place("argoCd: {application: argocd/api-dev}", null, "argoCd"));
        for (Place place : places) {
            assertThat(schemaFields(place.definition()))
                    .as("fields of %s", place.definition())
                    .isEqualTo(parserFields(place));
        }
    }

    /** The parser's own list of fields, from its error on a field it does not know. */
    private static Set<String> parserFields(Place place) {
        String probed;
        if (place.indent() != null) {
            probed = FULL.replace(
                    place.afterLine() + "\n", place.afterLine() + "\n" + place.indent() + "zz-unknown: 1\n");
        } else {
            String line = place.afterLine();
            int close = line.lastIndexOf('}');
            probed = FULL.replace(line, line.substring(0, close) + ", zz-unknown: 1" + line.substring(close));
        }
        assertThat(probed).as("probe at " + place).isNotEqualTo(FULL);
        try {
            PipelineParser.parse("probe.yaml", probed);
        } catch (PipelineException e) {
            Matcher matcher = KNOWN.matcher(e.getMessage());
            assertThat(matcher.find()).as(e.getMessage()).isTrue();
            return new TreeSet<>(Arrays.asList(matcher.group(1).split(", ")));
        }
        throw new AssertionError("the parser took an unknown field at " + place);
    }

    private static Set<String> schemaFields(String definition) {
        JsonNode node = switch (definition) {
            case "freightCreationCriteria" -> SCHEMA_TREE.at("/definitions/warehouse/properties/" + definition);
            case "chart", "git" ->
                SCHEMA_TREE.at("/definitions/" + definition + "Subscription/properties/" + definition);
            case "approvals", "healthGate", "verification" ->
                SCHEMA_TREE.at("/definitions/stage/properties/" + definition);
            case "template" -> SCHEMA_TREE.at("/definitions/stage/properties/verification/properties/templates/items");
            case "window" -> SCHEMA_TREE.at("/definitions/stage/properties/windows/items");
            case "argoCd" -> SCHEMA_TREE.at("/definitions/target/properties/argoCd");
            default -> SCHEMA_TREE.at(definition.substring(1));
        };
        assertThat(node.path("additionalProperties").asBoolean(true))
                .as(definition + " refuses unknown fields")
                .isFalse();
        Set<String> names = new TreeSet<>();
        node.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void assertRejectedByBoth(String document) {
        assertThat(document).isNotEqualTo(FULL);
        assertThatThrownBy(() -> PipelineParser.parse("broken.yaml", document)).isInstanceOf(PipelineException.class);
        assertThat(errors(load(document))).isNotEmpty();
    }

    private static Set<ValidationMessage> errors(Object document) {
        return SCHEMA.validate(JSON.valueToTree(document));
    }

    private static Object load(String yaml) {
        return new Load(LoadSettings.builder().build()).loadFromString(yaml);
    }

    private static JsonNode readSchema() {
        try (InputStream in = PipelineSchemaTest.class.getResourceAsStream("/schemas/pipeline.schema.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
