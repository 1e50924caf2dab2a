package io.gitopsflow.messaging.warmup;

import io.smallrye.mutiny.Uni;

/**
 * A pass through the code a service's first record would run, made once after the start so that record does not pay
 * for the code's first use (Hibernate's interpretation of each query, the first session, the JIT's cold start). A
 * plug-in point: every bean of this type is run by {@link WarmUps}. It must change nothing a user can see: it reads,
 * or writes only to its own scratch space.
 */
public interface WarmUp {

    /** What it warms up, for the log. */
    String name();

    /** The pass; runs on a Vert.x context of its own (a Hibernate Reactive session may be opened on it). */
    Uni<?> run();
}
