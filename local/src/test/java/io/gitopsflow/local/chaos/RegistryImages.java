package io.gitopsflow.local.chaos;

import static io.gitopsflow.local.chaos.JsonApi.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.testkit.LocalHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the registry holds for each built commit, through its HTTP API ({@code /v2/<name>/tags/list} and a
 * {@code HEAD} of each tag's manifest): one build-number tag ({@code <branch>-<sha7>-<n>}) per commit, and the
 * commit's own tag, the build-number tag and build-worker's recorded digest naming one manifest. A second build of a
 * commit shows as a second build-number tag or as tags on different manifests.
 */
final class RegistryImages {

    private static final String MANIFESTS = String.join(
            ", ",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String registryHost;
    private final String repository;

    /**
     * @param registryHost {@code host:port} of the registry (plain HTTP on loopback, no credentials)
     * @param repository the image's name in it, e.g. {@code acme/books-api}
     */
    RegistryImages(String registryHost, String repository) {
        this.registryHost = registryHost;
        this.repository = repository;
    }

    /** The doubles of every pushed commit that build-worker built. */
    List<String> doubles(List<AcceptedPush> pushes, FlowState state) {
        Set<String> tags = tags();
        List<String> doubled = new ArrayList<>();
        for (AcceptedPush push : pushes) {
            for (JsonNode build : state.buildsOf(push.commit())) {
                if ("SUCCEEDED".equals(text(build, "status"))) {
                    doubled.addAll(check(push.commit(), text(build, "digest"), tags));
                }
            }
        }
        return doubled;
    }

    private List<String> check(String commit, String digest, Set<String> tags) {
        String sha7 = commit.substring(0, 7);
        List<String> numbered = tags.stream()
                .filter(t -> t.matches(".+-" + sha7 + "-[0-9]+"))
                .sorted()
                .toList();
        List<String> doubled = new ArrayList<>();
        if (numbered.size() > 1) {
            doubled.add("commit " + commit + " has " + numbered.size() + " build tags: " + numbered);
        }
        Set<String> digests = new HashSet<>();
        List<String> named = new ArrayList<>(numbered);
        if (tags.contains(commit)) {
            named.add(commit);
        }
        for (String tag : named) {
            digests.add(manifestDigest(tag));
        }
        if (digest != null) {
            digests.add(digest);
        }
        if (digests.size() > 1) {
            doubled.add("commit " + commit + "'s tags " + named + " and its build's digest name " + digests.size()
                    + " manifests: " + digests);
        }
        return doubled;
    }

    private Set<String> tags() {
        HttpResponse<String> response = send("GET", "/v2/" + repository + "/tags/list", "application/json");
        if (response.statusCode() == 404) {
            return Set.of();
        }
        requireOk(response, "tags/list");
        try {
            Set<String> tags = new HashSet<>();
            JsonApi.JSON.readTree(response.body()).path("tags").forEach(t -> tags.add(t.asText()));
            return tags;
        } catch (IOException e) {
            throw new UncheckedIOException("the registry's tag list is not JSON", e);
        }
    }

    private String manifestDigest(String tag) {
        HttpResponse<String> response = send("HEAD", "/v2/" + repository + "/manifests/" + tag, MANIFESTS);
        requireOk(response, "manifests/" + tag);
        return response.headers()
                .firstValue("Docker-Content-Digest")
                .orElseThrow(() -> new IllegalStateException("no Docker-Content-Digest for " + tag));
    }

    private HttpResponse<String> send(String method, String path, String accept) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + registryHost + path))
                .header("Accept", accept)
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return LocalHttp.send(http, request);
    }

    private static void requireOk(HttpResponse<String> response, String what) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the registry answered " + response.statusCode() + " for " + what);
        }
    }
}
