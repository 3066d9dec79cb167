package io.keysmith.core;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    /**
     * ObjectMapper's first use costs a Lambda cold start about 0.1 s, so JSON goes through JsonTrees; only the
     * enclave's CBOR document uses a mapper. JsonNode.toString() builds one too.
     */
    @Test
    void onlyTheEnclaveDocumentUsesAnObjectMapper() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.keysmith.enclave..")
                .should()
                .dependOnClassesThat()
                .areAssignableTo(ObjectMapper.class)
                .orShould()
                .callMethodWhere(target(name("toString")).and(target(owner(assignableTo(JsonNode.class)))))
                .check(classes);
    }
}
