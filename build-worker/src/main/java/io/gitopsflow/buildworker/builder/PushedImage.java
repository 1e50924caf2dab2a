package io.gitopsflow.buildworker.builder;

import java.util.List;

/** What a builder pushed: the repository, every tag, and the digest the registry gave the manifest. */
public record PushedImage(String repository, List<String> tags, String digest) {

    public PushedImage {
        tags = List.copyOf(tags);
    }
}
