package io.gitopsflow.spec.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.gitopsflow.spec.analysis.condition.ConditionEvaluator;
import io.gitopsflow.spec.analysis.provider.ProviderChecks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The editor schema (schemas/analysis-template.schema.json) and TemplateParser tell the same subset: the templates in
 * the repository pass both, broken ones fail both, and every mapping the parser reads has the same field names in the
 * schema — so a field the parser starts to accept without the schema fails here.
 */
class AnalysisTemplateSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode SCHEMA_TREE = readSchema();
    private static final JsonSchema SCHEMA =
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(SCHEMA_TREE);
    private static final TemplateParser PARSER =
            new TemplateParser(ProviderChecks.all(new ConditionEvaluator()), new ConditionEvaluator());
    private static final Pattern SUPPORTED = Pattern.compile("\\(supported(?: here)?: ([^)]*)\\)");
    private static final String PROBE = "zzUnknown";

    /** A template that uses every mapping the parser reads, so each can be probed with an unknown field. */
    private static final String FULL = """
            apiVersion: argoproj.io/v1alpha1
            kind: AnalysisTemplate
            metadata: {name: full, labels: {team: a}}
            spec:
              args:
                - {name: address, value: "http://prometheus:9090"}
                - {name: limit, value: "2"}
                - name: token
                  valueFrom: {secretKeyRef: {name: s, key: k}}
                - name: pod
                  valueFrom: {fieldRef: {fieldPath: metadata.name}}
              dryRun: [{metricName: web}]
              measurementRetention: [{metricName: rate, limit: 5}]
              templates: [{templateName: other}]
              metrics:
                - name: rate
                  interval: 1m
                  count: 3
                  failureLimit: "{{args.limit}}"
                  successCondition: result[0] >= 0.95
                  provider:
                    prometheus:
                      address: "{{args.address}}"
                      query: sum(rate(x[1m]))
                      timeout: 10
                      headers: [{key: X-Scope, value: a}]
                      rangeQuery: {start: now() - duration("5m"), end: now(), step: 1m}
                      authentication:
                        basicAuth: {username: u, password: p}
                - name: web
                  provider:
                    web:
                      url: http://svc/health
                      method: POST
                      body: "{}"
                      timeoutSeconds: 5
                      authentication:
                        oauth2: {tokenUrl: http://idp/token, clientId: c, clientSecret: s, scopes: [a]}
                - name: job
                  provider:
                    job:
                      metadata: {labels: {a: b}}
                      spec:
                        backoffLimit: 1
                        template: {spec: {restartPolicy: Never, containers: [{name: t, image: busybox}]}}
            """;

    static Stream<Path> samples() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String folder : List.of(
                "../deploy/config/analysis-templates",
                "src/test/resources/seed-002",
                "src/test/resources/expr-samples/prometheus")) {
            try (Stream<Path> list = Files.list(Path.of(folder))) {
                list.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
            }
        }
        assertThat(files).hasSizeGreaterThan(7);
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyTemplateInTheRepositoryParsesAndPassesTheSchema(Path file) throws IOException {
        String content = Files.readString(file);
        assertThat(PARSER.parse(file.toString(), content)).isNotEmpty();
        for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(content)) {
            assertThat(errors(document)).as(file.toString()).isEmpty();
        }
    }

    /** Argo's own templates (analysis-service's job samples, this module's corpus): those gitops-flow runs pass. */
    @Test
    void everyArgoTemplateTheParserAcceptsPassesTheSchema() throws IOException {
        int accepted = 0;
        for (String folder : List.of(
                "../analysis-service/src/test/resources/job-samples", ArgoRolloutsCorpusTest.CORPUS.toString())) {
            try (Stream<Path> list = Files.list(Path.of(folder))) {
                for (Path file : list.filter(p -> p.toString().endsWith(".yaml"))
                        .sorted()
                        .toList()) {
                    for (Object document : documents(file)) {
                        if (document instanceof Map<?, ?> map
                                && String.valueOf(map.get("kind")).endsWith("AnalysisTemplate")
                                && parses(dump(document))) {
                            assertThat(errors(document)).as(file.toString()).isEmpty();
                            accepted++;
                        }
                    }
                }
            }
        }
        assertThat(accepted).isGreaterThan(20);
    }

    @Test
    void theFullTemplateOfThisTestPassesBoth() {
        assertThat(PARSER.parse("full.yaml", FULL)).hasSize(1);
        assertThat(errors(load(FULL))).isEmpty();
    }

    @Test
    void brokenTemplatesAreRejectedByBoth() {
        assertRejectedByBoth(FULL.replace("  interval: 1m\n", "  intervall: 1m\n")); // unknown field
        assertRejectedByBoth(FULL.replace("timeoutSeconds: 5", "timeoutSeconds: soon")); // wrong type
        assertRejectedByBoth(FULL.replace("interval: 1m", "interval: [1m]")); // wrong type
        assertRejectedByBoth(FULL.replace("kind: AnalysisTemplate", "kind: Rollout")); // bad enum
        assertRejectedByBoth(FULL.replace("method: POST", "method: PATCH")); // bad enum
        assertRejectedByBoth(FULL.replace("    web:\n", "    newRelic:\n")); // unknown provider
        assertRejectedByBoth(FULL.replace("basicAuth: {username: u, password: p}", "sigv4: {region: eu}"));
    }

    @Test
    void theSchemaNamesEveryProviderTheParserRuns() {
        Set<String> names = new TreeSet<>();
        SCHEMA_TREE
                .at("/definitions/metric/properties/provider/properties")
                .fieldNames()
                .forEachRemaining(names::add);
        assertThat(names)
                .isEqualTo(new TreeSet<>(
                        ProviderChecks.all(new ConditionEvaluator()).keySet()));
    }

    @Test
    void everyMappingTheParserReadsHasTheSameFieldsInTheSchema() {
        Map<String, String> places = new LinkedHashMap<>();
        places.put("", "");
        places.put("metadata", "/properties/metadata");
        places.put("spec", "/properties/spec");
        places.put("spec.args.0", "/definitions/argument");
        places.put("spec.args.2.valueFrom", "/definitions/argument/properties/valueFrom");
        places.put(
                "spec.args.2.valueFrom.secretKeyRef",
                "/definitions/argument/properties/valueFrom/properties/secretKeyRef");
        places.put("spec.args.3.valueFrom.fieldRef", "/definitions/argument/properties/valueFrom/properties/fieldRef");
        places.put("spec.dryRun.0", "/properties/spec/properties/dryRun/items");
        places.put("spec.measurementRetention.0", "/properties/spec/properties/measurementRetention/items");
        places.put("spec.templates.0", "/properties/spec/properties/templates/items");
        places.put("spec.metrics.0", "/definitions/metric");
        places.put("spec.metrics.0.provider.prometheus", "/definitions/prometheus");
        places.put("spec.metrics.0.provider.prometheus.headers.0", "/definitions/headers/items");
        places.put("spec.metrics.0.provider.prometheus.rangeQuery", "/definitions/prometheus/properties/rangeQuery");
        places.put(
                "spec.metrics.0.provider.prometheus.authentication.basicAuth",
                "/definitions/prometheus/properties/authentication/properties/basicAuth");
        places.put("spec.metrics.1.provider.web", "/definitions/web");
        places.put("spec.metrics.1.provider.web.authentication.oauth2", "/definitions/oauth2");
        places.put("spec.metrics.2.provider.job", "/definitions/job");
        places.put("spec.metrics.2.provider.job.metadata", "/definitions/job/properties/metadata");
        places.put("spec.metrics.2.provider.job.spec", "/definitions/job/properties/spec");
        places.forEach((path, pointer) ->
                assertThat(schemaFields(pointer)).as("fields at %s", path).isEqualTo(parserFields(path)));
        // authentication: the parser names sigv4 only to refuse it, so the schema leaves it out
        assertThat(parserFields("spec.metrics.0.provider.prometheus.authentication"))
                .isEqualTo(new TreeSet<>(List.of("basicAuth", "oauth2", "sigv4")));
        assertThat(schemaFields("/definitions/prometheus/properties/authentication"))
                .isEqualTo(new TreeSet<>(List.of("basicAuth", "oauth2")));
    }

    /** The parser's own list of fields at {@code path}, from its problem on a field it does not know. */
    @SuppressWarnings("unchecked")
    private static Set<String> parserFields(String path) {
        Object document = load(FULL);
        Object node = document;
        for (String step : path.isEmpty() ? new String[0] : path.split("\\.")) {
            node = node instanceof List<?> list
                    ? list.get(Integer.parseInt(step))
                    : ((Map<String, Object>) node).get(step);
        }
        ((Map<String, Object>) node).put(PROBE, "x");
        try {
            PARSER.parse("probe.yaml", dump(document));
        } catch (InvalidTemplateException e) {
            for (TemplateProblem problem : e.problems()) {
                Matcher matcher = SUPPORTED.matcher(problem.message());
                if (problem.path().endsWith(PROBE) && matcher.find()) {
                    return new TreeSet<>(Arrays.asList(matcher.group(1).split(", ")));
                }
            }
            throw new AssertionError("no 'supported' list for " + path + ": " + e.problems());
        }
        throw new AssertionError("the parser took an unknown field at " + path);
    }

    private static Set<String> schemaFields(String pointer) {
        JsonNode node = SCHEMA_TREE.at(pointer);
        assertThat(node.path("additionalProperties").asBoolean(true))
                .as(pointer + " refuses unknown fields")
                .isFalse();
        Set<String> names = new TreeSet<>();
        node.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void assertRejectedByBoth(String document) {
        assertThat(document).isNotEqualTo(FULL);
        assertThatThrownBy(() -> PARSER.parse("broken.yaml", document)).isInstanceOf(InvalidTemplateException.class);
        assertThat(errors(load(document))).isNotEmpty();
    }

    /** The file's documents; none when it is not YAML (the corpus keeps Argo's malformed examples). */
    private static List<Object> documents(Path file) throws IOException {
        List<Object> documents = new ArrayList<>();
        try {
            new Load(LoadSettings.builder().build())
                    .loadAllFromString(Files.readString(file))
                    .forEach(documents::add);
        } catch (RuntimeException e) {
            assertThat(parses(Files.readString(file))).as(file.toString()).isFalse();
            return List.of();
        }
        return documents;
    }

    private static boolean parses(String yaml) {
        try {
            return !PARSER.parse("sample.yaml", yaml).isEmpty();
        } catch (InvalidTemplateException e) {
            return false;
        }
    }

    private static Set<ValidationMessage> errors(Object document) {
        return SCHEMA.validate(JSON.valueToTree(document));
    }

    private static Object load(String yaml) {
        return new Load(LoadSettings.builder().build()).loadFromString(yaml);
    }

    private static String dump(Object document) {
        return new Dump(DumpSettings.builder().build()).dumpToString(document);
    }

    private static JsonNode readSchema() {
        try (InputStream in =
                AnalysisTemplateSchemaTest.class.getResourceAsStream("/schemas/analysis-template.schema.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
