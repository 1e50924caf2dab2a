package io.gitopsflow.gateway;

import io.gitopsflow.testkit.architecture.SkeletonCheck;

/** event-gateway keeps the skeleton every service shares: layering, no field injection, one logger, the size limits. */
class SkeletonTest extends SkeletonCheck {

    SkeletonTest() {
        super("event-gateway");
    }
}
