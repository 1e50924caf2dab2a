package io.gitopsflow.cli.get;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * How a Freight, its artifacts and its commit read in a table: by alias when it has one (what people type), else by the
 * first characters of its content-hash id, as git shortens a commit; an image by its repository's last segment and tag,
 * a Helm chart by its name and version, a Git commit by its short SHA and its repository's name.
 */
public final class FreightNames {

    /** How many characters of an id or SHA a table shows, as {@code git log --oneline} does. */
    public static final int SHORT = 7;

    private FreightNames() {}

    /** The first {@link #SHORT} characters of an id or SHA, or null. */
    public static String shortId(String id) {
        return id == null || id.length() <= SHORT ? id : id.substring(0, SHORT);
    }

    /** A Freight's alias, else its short id. */
    public static String name(String alias, String id) {
        return alias != null && !alias.isBlank() ? alias : shortId(id);
    }

    /** A Freight node's ({@code id}, {@code alias}) alias, else its short id; null for a missing node. */
    public static String name(JsonNode freight) {
        if (freight == null || freight.isNull() || freight.isMissingNode()) {
            return null;
        }
        return name(text(freight, "alias"), text(freight, "id"));
    }

    /** The images' tags (digests when untagged), comma-separated; null when none. */
    public static String tags(JsonNode images) {
        List<String> tags = new ArrayList<>();
        for (JsonNode image : images == null ? List.<JsonNode>of() : images) {
            String tag = text(image, "tag");
            tags.add(tag != null ? tag : digest(text(image, "digest")));
        }
        return tags.isEmpty() ? null : String.join(", ", tags);
    }

    /** The images as {@code repository-name:tag}, comma-separated; null when none. */
    public static String images(JsonNode images) {
        List<String> names = new ArrayList<>();
        for (JsonNode image : images == null ? List.<JsonNode>of() : images) {
            String repository = text(image, "repository");
            String name = repository == null ? "?" : repository.substring(repository.lastIndexOf('/') + 1);
            String tag = text(image, "tag");
            names.add(tag != null ? name + ":" + tag : name + "@" + digest(text(image, "digest")));
        }
        return names.isEmpty() ? null : String.join(", ", names);
    }

    /** The charts as {@code name version} (the name is the repository's last segment), comma-separated; null when none. */
    public static String charts(JsonNode charts) {
        List<String> names = new ArrayList<>();
        for (JsonNode chart : charts == null ? List.<JsonNode>of() : charts) {
            names.add(lastSegment(text(chart, "repository")) + " " + orUnknown(text(chart, "version")));
        }
        return names.isEmpty() ? null : String.join(", ", names);
    }

    /** The Git commits as {@code sha7 repository-name}, comma-separated; null when none. */
    public static String commits(JsonNode commits) {
        List<String> names = new ArrayList<>();
        for (JsonNode commit : commits == null ? List.<JsonNode>of() : commits) {
            String repository = text(commit, "repositoryUrl");
            String name = repository == null ? "?" : lastSegment(repository.replaceFirst("(\\.git)?/*$", ""));
            names.add(orUnknown(shortId(text(commit, "id"))) + " " + name);
        }
        return names.isEmpty() ? null : String.join(", ", names);
    }

    /**
     * What a Freight node ({@code images}, {@code charts}, {@code commits}) pins, shortest first: its images' tags,
     * its charts' {@code name version}, its commits' short SHAs; comma-separated, null when none.
     */
    public static String versions(JsonNode freight) {
        List<String> versions = new ArrayList<>();
        String tags = tags(freight.path("images"));
        if (tags != null) {
            versions.add(tags);
        }
        String charts = charts(freight.path("charts"));
        if (charts != null) {
            versions.add(charts);
        }
        for (JsonNode commit : freight.path("commits")) {
            versions.add(orUnknown(shortId(text(commit, "id"))));
        }
        return versions.isEmpty() ? null : String.join(", ", versions);
    }

    private static String lastSegment(String path) {
        return path == null ? "?" : path.substring(path.lastIndexOf('/') + 1);
    }

    private static String orUnknown(String value) {
        return value == null ? "?" : value;
    }

    private static String digest(String digest) {
        if (digest == null) {
            return "?";
        }
        int colon = digest.indexOf(':');
        String hex = colon < 0 ? digest : digest.substring(colon + 1);
        return (colon < 0 ? "" : digest.substring(0, colon + 1)) + (hex.length() > 12 ? hex.substring(0, 12) : hex);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
