package io.keysmith.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;

class DeferredDynamoDbClientTest {
    @Test
    void everyOperationIsForwarded() {
        // The interface's own default for an operation throws UnsupportedOperationException: each must be here.
        List<String> missing = new ArrayList<>();
        for (Method operation : DynamoDbClient.class.getMethods()) {
            if (operation.getParameterCount() == 1
                    && DynamoDbRequest.class.isAssignableFrom(operation.getParameterTypes()[0])
                    && operation.getReturnType().getSimpleName().endsWith("Response")) {
                try {
                    DeferredDynamoDbClient.class.getDeclaredMethod(operation.getName(), operation.getParameterTypes());
                } catch (NoSuchMethodException e) {
                    missing.add(operation.getName());
                }
            }
        }
        assertTrue(missing.isEmpty(), "not forwarded: " + missing);
    }

    @Test
    void aBuildThatFailedFailsTheFirstCall() {
        // Given: a client whose build failed
        CompletableFuture<DynamoDbClient> build = new CompletableFuture<>();
        IllegalStateException failure = new IllegalStateException("no region");
        build.completeExceptionally(failure);
        DeferredDynamoDbClient client = new DeferredDynamoDbClient(build);

        // Then: its name and text need no client; a call throws the build's own failure
        assertEquals("dynamodb", client.serviceName());
        assertEquals("DynamoDbClient (built in the background)", client.toString());
        assertSame(failure, assertThrows(IllegalStateException.class, () -> client.getItem(r -> r.tableName("t"))));
    }
}
