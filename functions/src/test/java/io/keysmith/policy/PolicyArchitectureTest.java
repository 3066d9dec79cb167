package io.keysmith.policy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The policy package stands alone: the JDK, Jackson and the KMS error types, nothing of AWS or of Keysmith's layers. */
class PolicyArchitectureTest {

    @Test
    void policyPackageIsSelfContained() {
        JavaClasses policy = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.keysmith.policy");

        classes()
                .that()
                .resideInAPackage("io.keysmith.policy..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "java..",
                        "com.fasterxml.jackson..",
                        "io.keysmith.json..",
                        "io.keysmith.policy..",
                        "io.keysmith.core.errors..")
                .check(policy);
    }
}
