package io.gitopsflow.analysis;

import io.gitopsflow.testkit.architecture.SkeletonCheck;

/** analysis-service keeps the skeleton every service shares: layering, no field injection, one logger, the size limits. */
class SkeletonTest extends SkeletonCheck {

    SkeletonTest() {
        super("analysis-service");
    }
}
