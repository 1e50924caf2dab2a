package io.gitopsflow.promotion.api;

import java.util.List;

/**
 * A Warehouse subscription whose tag rules select none of the tags its image repository was announced with: nothing
 * of that repository can become Freight until a tag matches (or the rules change), and that must not pass silently.
 *
 * @param subscription the subscribed image repository
 * @param rules the subscription's tag rules as the pipeline file writes them
 * @param tagsSeen how many tags of the repository were seen (the newest are kept, see the docs)
 * @param newestTags up to five of the newest tags seen, so the reader sees what the rules were checked against
 * @param message the whole warning in one sentence
 */
public record SubscriptionWarning(
        String subscription, String rules, int tagsSeen, List<String> newestTags, String message) {}
