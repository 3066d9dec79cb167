package io.keysmith.lambda.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The lean client serves only some operations; any other throws. So every DynamoDB operation Keysmith's code calls
 * must be one it serves (a paginator calls the operation it pages).
 */
class LeanClientCoverageTest {
    private final JavaClasses keysmith = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.keysmith");

    @Test
    void everyOperationKeysmithCallsIsOneTheLeanClientServes() {
        Set<String> served = new TreeSet<>();
        Arrays.stream(LeanDynamoDbClient.class.getDeclaredMethods())
                .map(Method::getName)
                .forEach(served::add);
        Set<String> factories = new TreeSet<>(); // DynamoDbClient.builder() and create()
        Arrays.stream(DynamoDbClient.class.getMethods())
                .filter(m -> Modifier.isStatic(m.getModifiers()))
                .map(Method::getName)
                .forEach(factories::add);
        Set<String> called = new TreeSet<>();
        keysmith.stream()
                .flatMap(c -> c.getMethodCallsFromSelf().stream())
                .filter(call -> call.getTargetOwner().isAssignableTo(DynamoDbClient.class))
                .map(JavaMethodCall::getName)
                .filter(name -> !factories.contains(name))
                .map(name ->
                        name.endsWith("Paginator") ? name.substring(0, name.length() - "Paginator".length()) : name)
                .forEach(called::add);

        assertFalse(called.isEmpty(), "found no calls: the scan is broken");
        Set<String> missing = new TreeSet<>(called);
        missing.removeAll(served);
        assertEquals(Set.of(), missing, "called by Keysmith but not served by the lean client");
    }
}
