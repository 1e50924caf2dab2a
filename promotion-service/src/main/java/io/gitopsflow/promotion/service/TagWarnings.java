package io.gitopsflow.promotion.service;

import io.gitopsflow.events.ImagePublished;
import io.gitopsflow.promotion.api.SubscriptionWarning;
import io.gitopsflow.promotion.repository.SeenTagRepository;
import io.gitopsflow.promotion.repository.Transactions;
import io.gitopsflow.promotion.warehouse.TagSelector;
import io.gitopsflow.spec.pipeline.Pipeline;
import io.gitopsflow.spec.pipeline.Subscription;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the tags each subscribed repository is announced with, and warns, in the pipeline's status, about a
 * subscription whose tag rules select none of them (issue 19: a copied pattern that selects nothing must never pass
 * silently). Eligibility is decided on read with the rules in force, so a fixed pattern or a matching tag clears the
 * warning at once.
 */
@ApplicationScoped
public class TagWarnings {

    private static final int SHOWN = 5;

    private final SeenTagRepository seen;
    private final Transactions transactions;
    private final PipelineLookup pipelines;

    public TagWarnings(SeenTagRepository seen, Transactions transactions, PipelineLookup pipelines) {
        this.seen = seen;
        this.transactions = transactions;
        this.pipelines = pipelines;
    }

    /** Records the image's tags when a pipeline subscribes to its repository (a redelivery changes nothing). */
    public Uni<Void> record(ImagePublished image) {
        boolean subscribed = pipelines.all().stream()
                .anyMatch(
                        p -> p.warehouse().subscription(image.imageRepository()).isPresent());
        if (!subscribed || image.tags().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        OffsetDateTime at = image.publishedAt().atOffset(ZoneOffset.UTC);
        return transactions.run(() -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String tag : image.tags().stream().distinct().toList()) {
                chain = chain.chain(() -> seen.record(image.imageRepository(), tag, at));
            }
            return chain.chain(() -> seen.prune(image.imageRepository()));
        });
    }

    /** The warnings of one pipeline, one per subscription whose rules select none of the tags seen. */
    public Uni<List<SubscriptionWarning>> of(Pipeline pipeline) {
        return transactions.run(() -> collect(pipeline.warehouse().subscriptions(), new ArrayList<>(), 0));
    }

    /** Logs the pipeline's warnings: called when an image matched none of a subscription's rules. */
    public Uni<Void> log(Pipeline pipeline) {
        return of(pipeline)
                .invoke(warnings -> warnings.forEach(w -> Log.warnf("pipeline %s: %s", pipeline.name(), w.message())))
                .replaceWithVoid();
    }

    private Uni<List<SubscriptionWarning>> collect(
            List<Subscription> subscriptions, List<SubscriptionWarning> found, int next) {
        if (next == subscriptions.size()) {
            return Uni.createFrom().item(found);
        }
        Subscription subscription = subscriptions.get(next);
        return seen.byRepository(subscription.imageRepository()).chain(tags -> {
            warning(subscription, tags.stream().map(t -> t.tag).toList()).ifPresent(found::add);
            return collect(subscriptions, found, next + 1);
        });
    }

    /** The warning for {@code subscription} given the tags seen, newest first; none when one is eligible. */
    static Optional<SubscriptionWarning> warning(Subscription subscription, Collection<String> tags) {
        if (tags.isEmpty() || tags.stream().anyMatch(tag -> TagSelector.eligible(subscription, tag))) {
            return Optional.empty();
        }
        List<String> newest = tags.stream().limit(SHOWN).toList();
        String message = "subscription " + subscription.imageRepository() + ": " + subscription.describeRules()
                + " select none of the " + tags.size() + " tag(s) seen (newest: " + String.join(", ", newest)
                + "); patterns are searched in the tag, as Kargo does";
        return Optional.of(new SubscriptionWarning(
                subscription.imageRepository(), subscription.describeRules(), tags.size(), newest, message));
    }
}
