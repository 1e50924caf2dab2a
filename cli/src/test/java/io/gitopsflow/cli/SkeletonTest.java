package io.gitopsflow.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.gitopsflow.testkit.architecture.SkeletonRules;
import org.junit.jupiter.api.Test;

/** The command line keeps the size limits every module keeps: no class over 400 lines, no method over 60. */
class SkeletonTest {

    private static final JavaClasses CLI = new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages("io.gitopsflow.cli");

    @Test
    void noClassIsOverTheLimit() {
        SkeletonRules.classesAtMost(SkeletonRules.MAX_CLASS_LINES).check(CLI);
    }

    @Test
    void noMethodIsOverTheLimit() {
        SkeletonRules.methodsAtMost(SkeletonRules.MAX_METHOD_LINES).check(CLI);
    }
}
