package io.gitopsflow.buildworker.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A chart pulled back from a registry over the distribution API, as {@code helm pull} fetches it: the manifest by tag,
 * the config blob and the one layer, unpacked; for tests that check what a release build pushed.
 *
 * @param manifestBytes the manifest as the registry serves it (its sha256 is the chart's digest)
 * @param manifestContentType the Content-Type the registry serves it with
 * @param layer the package as stored
 * @param files the package's entries, in order, as text
 */
public record PulledChart(
        byte[] manifestBytes,
        String manifestContentType,
        JsonNode manifest,
        JsonNode config,
        byte[] layer,
        Map<String, String> files) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Pulls {@code <registry>/<repository>:<tag>} over plain HTTP. */
    public static PulledChart pull(String registry, String repository, String tag)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://" + registry + "/v2/" + repository;
        HttpResponse<byte[]> manifest = get(http, base + "/manifests/" + tag, HelmChartArtifact.MANIFEST_MEDIA_TYPE);
        JsonNode parsed = JSON.readTree(manifest.body());
        byte[] config = get(http, base + "/blobs/" + parsed.at("/config/digest").asText(), "*/*")
                .body();
        byte[] layer = get(
                        http, base + "/blobs/" + parsed.at("/layers/0/digest").asText(), "*/*")
                .body();
        return new PulledChart(
                manifest.body(),
                manifest.headers().firstValue("Content-Type").orElse(""),
                parsed,
                JSON.readTree(config),
                layer,
                unpacked(layer));
    }

    public String digest() {
        return HelmChartArtifact.digest(manifestBytes);
    }

    public String layerDigest() {
        return HelmChartArtifact.digest(layer);
    }

    private static HttpResponse<byte[]> get(HttpClient http, String url, String accept)
            throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(URI.create(url)).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        return response;
    }

    private static Map<String, String> unpacked(byte[] tgz) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tgz)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                files.put(entry.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
