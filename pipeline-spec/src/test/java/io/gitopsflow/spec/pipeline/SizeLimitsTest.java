package io.gitopsflow.spec.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.gitopsflow.testkit.architecture.SkeletonRules;
import org.junit.jupiter.api.Test;

/** pipeline-spec keeps the size limits every service keeps (it was a service's code): classes and methods a reader holds. */
class SizeLimitsTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages("io.gitopsflow.spec.pipeline");

    @Test
    void theModulesClassesAreTheOnesChecked() {
        assertThat(classes).isNotEmpty();
    }

    @Test
    void noClassIsOverTheLineLimit() {
        SkeletonRules.classesAtMost(SkeletonRules.MAX_CLASS_LINES).check(classes);
    }

    @Test
    void noMethodIsOverTheLineLimit() {
        SkeletonRules.methodsAtMost(SkeletonRules.MAX_METHOD_LINES).check(classes);
    }
}
