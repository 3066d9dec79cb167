package io.keysmith.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A DynamoDB client that records the name of every operation called on it (scan, scanPaginator, query, ...)
 * and passes the call on to a real one, so that a test can see which operations a path uses.
 */
final class RecordingDynamo {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final DynamoDbClient client;

    RecordingDynamo(DynamoDbClient real) {
        client = (DynamoDbClient) Proxy.newProxyInstance(
                DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() != Object.class) {
                        calls.add(method.getName());
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The calls since the last {@code take}, and forgets them. */
    List<String> take() {
        List<String> taken = List.copyOf(calls);
        calls.clear();
        return taken;
    }
}
