package io.gitopsflow.promotion.pipeline;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A Warehouse's subscription to one image repository: which tags are eligible and which of them is newest.
 *
 * @param imageRepository the image repository with its registry host
 * @param strategy how eligible tags are chosen and ordered
 * @param constraint the semver range ({@code ^1.2}, {@code >=2.0.0 <3}) for {@link TagStrategy#SEMVER}, or null
 * @param prereleases whether semver pre-releases ({@code 1.3.0-rc.1}) are eligible
 * @param mutableTag the tag followed by {@link TagStrategy#DIGEST}, e.g. {@code latest}; null otherwise
 * @param allowTags tags must match this regular expression (the whole tag), or null for any
 * @param ignoreTags tags matching any of these globs ({@code *} any run, {@code ?} one character) are never eligible
 */
public record Subscription(
        String imageRepository,
        TagStrategy strategy,
        String constraint,
        boolean prereleases,
        String mutableTag,
        Pattern allowTags,
        List<String> ignoreTags) {

    public Subscription {
        ignoreTags = List.copyOf(ignoreTags);
    }
}
