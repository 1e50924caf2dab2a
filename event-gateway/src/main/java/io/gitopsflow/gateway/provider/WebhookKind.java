package io.gitopsflow.gateway.provider;

/** What a Git provider's webhook announces, read from its event header. */
public enum WebhookKind {
    /** A branch or tag push, including a provider's test delivery that looks like one. */
    PUSH,
    /** The provider checks that the endpoint answers (GitHub's {@code ping}); nothing to publish. */
    PING,
    /** A package version was published (GitHub's {@code package} / {@code registry_package}): maybe an image. */
    PACKAGE,
    /** Any other event, or none named: answered as ignored, with the event name as the reason. */
    OTHER
}
