package io.keysmith.lambda.aws;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The lean clients serve only some operations; any other throws. So every operation Keysmith's code calls on a
 * service's client interface must be one the lean client serves (a paginator calls the operation it pages).
 */
class LeanClientCoverageTest {
    private static final JavaClasses KEYSMITH = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.keysmith");

    static Iterable<Arguments> clients() {
        return java.util.List.of(
                Arguments.of(DynamoDbClient.class, LeanDynamoDbClient.class),
                Arguments.of(KmsClient.class, LeanKmsClient.class));
    }

    @ParameterizedTest
    @MethodSource("clients")
    void everyOperationKeysmithCallsIsOneTheLeanClientServes(Class<?> service, Class<?> lean) {
        Set<String> served = new TreeSet<>();
        Arrays.stream(lean.getDeclaredMethods()).map(Method::getName).forEach(served::add);
        Set<String> factories = new TreeSet<>(); // builder() and create()
        Arrays.stream(service.getMethods())
                .filter(m -> Modifier.isStatic(m.getModifiers()))
                .map(Method::getName)
                .forEach(factories::add);
        Set<String> called = new TreeSet<>();
        KEYSMITH.stream()
                .flatMap(c -> c.getMethodCallsFromSelf().stream())
                .filter(call -> call.getTargetOwner().isAssignableTo(service))
                .map(JavaMethodCall::getName)
                .filter(name -> !factories.contains(name))
                .map(name ->
                        name.endsWith("Paginator") ? name.substring(0, name.length() - "Paginator".length()) : name)
                .forEach(called::add);

        assertFalse(called.isEmpty(), "found no calls: the scan is broken");
        Set<String> missing = new TreeSet<>(called);
        missing.removeAll(served);
        assertEquals(Set.of(), missing, "called by Keysmith but not served by " + lean.getSimpleName());
    }
}
