package io.gitopsflow.promotion;

import io.gitopsflow.testkit.architecture.SkeletonCheck;

/** promotion-service keeps the skeleton every service shares: layering, no field injection, one logger, the size limits. */
class SkeletonTest extends SkeletonCheck {

    SkeletonTest() {
        super("promotion-service");
    }
}
