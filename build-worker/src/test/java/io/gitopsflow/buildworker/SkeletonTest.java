package io.gitopsflow.buildworker;

import io.gitopsflow.testkit.architecture.SkeletonCheck;

/** build-worker keeps the skeleton every service shares: layering, no field injection, one logger, the size limits. */
class SkeletonTest extends SkeletonCheck {

    SkeletonTest() {
        super("build-worker");
    }
}
