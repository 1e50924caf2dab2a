package io.gitopsflow.events;

import io.gitopsflow.events.validation.ImageReference;

/**
 * One image artifact: the repository with its registry host, a tag and the immutable digest.
 *
 * @param repository image repository with the registry host, e.g. {@code registry.example.com/acme/books-api}
 * @param tag the tag, or null when only the digest is known
 * @param digest the manifest digest, e.g. {@code sha256:...}
 */
public record ImageRef(String repository, String tag, String digest) {

    public ImageRef {
        ImageReference.requireRepository(Require.text(repository, "repository"));
        if (tag != null) {
            ImageReference.requireTag(tag);
        }
        ImageReference.requireDigest(Require.text(digest, "digest"));
    }

    /** The reference pinned by digest, {@code repository@digest}. */
    public String pinned() {
        return repository + "@" + digest;
    }
}
