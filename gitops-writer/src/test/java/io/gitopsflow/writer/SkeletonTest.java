package io.gitopsflow.writer;

import io.gitopsflow.testkit.architecture.SkeletonCheck;

/** gitops-writer keeps the skeleton every service shares: layering, no field injection, one logger, the size limits. */
class SkeletonTest extends SkeletonCheck {

    SkeletonTest() {
        super("gitops-writer");
    }
}
