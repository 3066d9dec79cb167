package io.keysmith.local;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableResponse;

/**
 * The embedded DynamoDB Local client, with TransactWriteItems answered only once it is committed.
 *
 * <p>DynamoDB Local (2.6.1) ends a transaction by queueing SQLite's COMMIT on its single database
 * thread and returning without waiting for it, so a kill -9 right after a successful
 * TransactWriteItems could lose a write Keysmith had already acknowledged (KillNineIT found it).
 * That thread runs its jobs in order, and a GetItem waits for its own job; one GetItem after the
 * transaction therefore returns only after the COMMIT has run.
 *
 * <p>Only the calls Keysmith makes are passed on; any other is the interface's default, which
 * throws.
 */
final class CommitWaitingDynamoDb implements DynamoDbClient {
    private static final Map<String, AttributeValue> NO_SUCH_ITEM =
            Map.of("PK", AttributeValue.fromS("#commit-barrier"), "SK", AttributeValue.fromS("#commit-barrier"));

    private final DynamoDbClient local;
    private final String barrierTable;

    /** {@code barrierTable} is any table with string keys {@code PK} and {@code SK}. */
    CommitWaitingDynamoDb(DynamoDbClient local, String barrierTable) {
        this.local = local;
        this.barrierTable = barrierTable;
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        try {
            return local.transactWriteItems(request);
        } finally {
            // A cancelled transaction is rolled back the same way: wait for that too.
            local.getItem(GetItemRequest.builder()
                    .tableName(barrierTable)
                    .key(NO_SUCH_ITEM)
                    .build());
        }
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        return local.getItem(request);
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        return local.putItem(request);
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        return local.updateItem(request);
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        return local.deleteItem(request);
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        return local.query(request);
    }

    @Override
    public ScanResponse scan(ScanRequest request) {
        return local.scan(request);
    }

    @Override
    public CreateTableResponse createTable(CreateTableRequest request) {
        return local.createTable(request);
    }

    @Override
    public DescribeTableResponse describeTable(DescribeTableRequest request) {
        return local.describeTable(request);
    }

    @Override
    public UpdateTableResponse updateTable(UpdateTableRequest request) {
        return local.updateTable(request);
    }

    @Override
    public String serviceName() {
        return local.serviceName();
    }

    @Override
    public void close() {
        local.close();
    }
}
