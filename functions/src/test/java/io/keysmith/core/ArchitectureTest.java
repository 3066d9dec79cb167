package io.keysmith.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Dependencies point inward: lambda, local -> api -> enclave, core <- store, rootkey; the core imports no AWS SDK. */
class ArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.keysmith");

    @Test
    void coreHasNoAwsImportsAndNoOutwardDependencies() {
        noClasses()
                .that()
                .resideInAPackage("io.keysmith.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "software.amazon..",
                        "com.amazonaws..",
                        "io.keysmith.api..",
                        "io.keysmith.store..",
                        "io.keysmith.rootkey..",
                        "io.keysmith.enclave..",
                        "io.keysmith.lambda..",
                        "com.fasterxml..")
                .check(classes);
    }

    @Test
    void apiDoesNotReachIntoAdapters() {
        noClasses()
                .that()
                .resideInAPackage("io.keysmith.api..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.keysmith.store..", "io.keysmith.rootkey..", "software.amazon..")
                .check(classes);
    }

    @Test
    void adaptersDoNotDependOnEachOtherOrOnTheApi() {
        noClasses()
                .that()
                .resideInAPackage("io.keysmith.store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.keysmith.api..", "io.keysmith.rootkey..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("io.keysmith.rootkey..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.keysmith.api..", "io.keysmith.store..")
                .check(classes);
    }
}
