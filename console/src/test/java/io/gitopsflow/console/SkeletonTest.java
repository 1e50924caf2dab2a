package io.gitopsflow.console;

import io.gitopsflow.testkit.architecture.SkeletonCheck;

/** The console keeps the skeleton every service shares: layering, no field injection, one logger, the size limits. */
class SkeletonTest extends SkeletonCheck {

    SkeletonTest() {
        super("console");
    }
}
