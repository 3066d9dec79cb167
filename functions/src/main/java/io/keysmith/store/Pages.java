package io.keysmith.store;

import io.keysmith.core.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * One page of a Query, in the sort order of the table or index it reads. The core seals the store's raw
 * position (the id of the last item returned) into the marker; the store turns that id back into the
 * {@code ExclusiveStartKey} that DynamoDB's {@code LastEvaluatedKey} would have held there. A page costs
 * what it returns, whatever the table's size.
 */
final class Pages {
    private Pages() {}

    /**
     * At most {@code limit} items after {@code start} (null for the first page). It asks for one item more
     * than it returns, to know whether another page follows, and follows {@code LastEvaluatedKey} only
     * where DynamoDB's 1 MB cap cut a response short.
     */
    static <T> Page<T> query(
            DynamoDbClient dynamo,
            QueryRequest query,
            Map<String, AttributeValue> start,
            int limit,
            Function<Map<String, AttributeValue>, T> convert,
            Function<Map<String, AttributeValue>, String> position) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> from = start;
        do {
            QueryResponse response = dynamo.query(query.toBuilder()
                    .limit(limit + 1 - items.size())
                    .exclusiveStartKey(from)
                    .build());
            items.addAll(response.items());
            from = response.hasLastEvaluatedKey()
                            && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey()
                    : null;
        } while (from != null && items.size() <= limit);
        boolean more = items.size() > limit;
        List<Map<String, AttributeValue>> page = more ? items.subList(0, limit) : items;
        return new Page<>(page.stream().map(convert).toList(), more ? position.apply(page.get(limit - 1)) : null);
    }
}
