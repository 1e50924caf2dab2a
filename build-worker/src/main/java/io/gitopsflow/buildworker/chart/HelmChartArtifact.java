package io.gitopsflow.buildworker.chart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A packaged chart as Helm stores it in an OCI registry, so {@code helm pull oci://...} and Argo CD read it: the
 * config blob is the chart's metadata as JSON in Helm's field order ({@code application/vnd.cncf.helm.config.v1+json}),
 * the one layer the package ({@code application/vnd.cncf.helm.chart.content.v1.tar+gzip}), and an OCI image manifest
 * with the annotations {@code helm push} writes (title, version, description, created, url, source).
 */
public record HelmChartArtifact(String name, String version, byte[] config, byte[] content, byte[] manifest) {

    public static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
    public static final String CONFIG_MEDIA_TYPE = "application/vnd.cncf.helm.config.v1+json";
    public static final String CONTENT_MEDIA_TYPE = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

    /** Chart.yaml's keys in the order Helm's metadata JSON has them. */
    private static final List<String> METADATA_KEYS = List.of(
            "name",
            "home",
            "sources",
            "version",
            "description",
            "keywords",
            "maintainers",
            "icon",
            "apiVersion",
            "condition",
            "tags",
            "appVersion",
            "deprecated",
            "annotations",
            "kubeVersion",
            "dependencies",
            "type");

    private static final List<String> MAINTAINER_KEYS = List.of("name", "email", "url");
    private static final List<String> DEPENDENCY_KEYS =
            List.of("name", "version", "repository", "condition", "tags", "enabled", "import-values", "alias");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The artifact of the package {@code content} of the chart whose Chart.yaml reads as {@code metadata}. */
    public static HelmChartArtifact of(Map<String, Object> metadata, byte[] content, Instant created) {
        String name = String.valueOf(metadata.get("name"));
        String version = String.valueOf(metadata.get("version"));
        byte[] config = json(ordered(metadata, METADATA_KEYS));
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MANIFEST_MEDIA_TYPE);
        manifest.put("config", descriptor(CONFIG_MEDIA_TYPE, config));
        manifest.put("layers", List.of(descriptor(CONTENT_MEDIA_TYPE, content)));
        manifest.put("annotations", annotations(metadata, name, version, created));
        return new HelmChartArtifact(name, version, config, content, json(manifest));
    }

    /** The OCI tag of the version: Helm writes a SemVer {@code +} as {@code _}, which a tag cannot hold. */
    public String tag() {
        return version.replace('+', '_');
    }

    public String manifestDigest() {
        return digest(manifest);
    }

    private static Map<String, String> annotations(
            Map<String, Object> metadata, String name, String version, Instant created) {
        Map<String, String> annotations = new TreeMap<>();
        text(metadata.get("description")).ifPresent(d -> annotations.put("org.opencontainers.image.description", d));
        annotations.put("org.opencontainers.image.title", name);
        annotations.put("org.opencontainers.image.version", version);
        annotations.put(
                "org.opencontainers.image.created",
                created.truncatedTo(ChronoUnit.SECONDS).toString());
        text(metadata.get("home")).ifPresent(h -> annotations.put("org.opencontainers.image.url", h));
        if (metadata.get("sources") instanceof List<?> sources && !sources.isEmpty()) {
            annotations.put("org.opencontainers.image.source", String.valueOf(sources.get(0)));
        }
        return annotations;
    }

    private static Map<String, Object> descriptor(String mediaType, byte[] blob) {
        Map<String, Object> descriptor = new LinkedHashMap<>();
        descriptor.put("mediaType", mediaType);
        descriptor.put("digest", digest(blob));
        descriptor.put("size", blob.length);
        return descriptor;
    }

    /** Only {@code keys}, in their order, without empty values (Go's omitempty); nested lists and maps alike. */
    private static Map<String, Object> ordered(Map<?, ?> map, List<String> keys) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String key : keys) {
            Object value = map.get(key);
            if (value instanceof Collection<?> list && ("maintainers".equals(key) || "dependencies".equals(key))) {
                List<String> nested = "maintainers".equals(key) ? MAINTAINER_KEYS : DEPENDENCY_KEYS;
                List<Object> items = new ArrayList<>();
                list.forEach(item -> items.add(item instanceof Map<?, ?> m ? ordered(m, nested) : item));
                value = items;
            } else if (value instanceof Map<?, ?> m) {
                value = new TreeMap<>(m);
            } else if (value != null && !(value instanceof Boolean) && !(value instanceof Collection<?>)) {
                value = String.valueOf(value);
            }
            if (!empty(value)) {
                ordered.put(key, value);
            }
        }
        return ordered;
    }

    private static boolean empty(Object value) {
        return value == null
                || Boolean.FALSE.equals(value)
                || (value instanceof String s && s.isEmpty())
                || (value instanceof Collection<?> c && c.isEmpty())
                || (value instanceof Map<?, ?> m && m.isEmpty());
    }

    private static java.util.Optional<String> text(Object value) {
        return value == null || String.valueOf(value).isEmpty()
                ? java.util.Optional.empty()
                : java.util.Optional.of(String.valueOf(value));
    }

    /** JSON as Go writes it: compact, with {@code <>&} escaped. */
    private static byte[] json(Object value) {
        try {
            String text = JSON.writeValueAsString(value)
                    .replace("<", "\\u003c")
                    .replace(">", "\\u003e")
                    .replace("&", "\\u0026");
            return text.getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new ChartException("the chart's metadata cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    static String digest(byte[] blob) {
        try {
            return "sha256:"
                    + java.util.HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(blob));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
