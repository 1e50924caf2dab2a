package io.gitopsflow.writer.config;

import io.gitopsflow.messaging.work.DurableQueue;
import io.gitopsflow.messaging.work.Outbox;
import io.gitopsflow.messaging.work.OutboxRelay;
import io.gitopsflow.messaging.work.WorkRunner;
import io.gitopsflow.writer.repository.WriteQueueTables;
import io.gitopsflow.writer.service.AnswerDelivery;
import io.gitopsflow.writer.service.BatchLinger;
import io.gitopsflow.writer.service.BatchWork;
import io.gitopsflow.writer.service.WriteLeaseOwner;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The writer on the shared durable-work component: {@code manifest_write} as a queue claimed a target key at a time
 * and as the outbox of its answers, and the runner that writes the batches, held back while a burst lingers.
 */
@ApplicationScoped
public class WriteQueueBeans {

    @Produces
    @Singleton
    DurableQueue writeQueue(Pool pool) {
        return new DurableQueue(pool, WriteQueueTables.QUEUE);
    }

    @Produces
    @Singleton
    Outbox answerOutbox(Pool pool) {
        return new Outbox(pool, WriteQueueTables.ANSWERS);
    }

    @Produces
    @Singleton
    OutboxRelay answerRelay(Outbox outbox, AnswerDelivery delivery) {
        return new OutboxRelay(outbox, delivery);
    }

    /** At most {@code max-concurrent-writes} batches at once, each on the runner's own threads (JGit blocks). */
    @Produces
    @Singleton
    WorkRunner writeRunner(
            Vertx vertx,
            DurableQueue queue,
            BatchWork work,
            BatchLinger linger,
            OutboxRelay relay,
            WriteLeaseOwner owner,
            WriterConfig config) {
        return WorkRunner.builder("gitops-write", vertx, queue, work)
                .maxConcurrent(config.maxConcurrentWrites())
                .lease(config.lease())
                .tickEvery(config.dispatchInterval())
                .holdBack(linger::holding)
                .relay(relay)
                .owner(owner.name())
                .build();
    }
}
