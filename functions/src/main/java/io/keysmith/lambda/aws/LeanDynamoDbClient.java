package io.keysmith.lambda.aws;

import java.util.Map;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ItemCollectionSizeLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReplicatedWriteConflictException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableResponse;

/**
 * The DynamoDB client of Keysmith's Lambda functions: the operations Keysmith's stores use, through {@link
 * AwsJsonService} rather than the SDK's client. Any other operation throws {@link UnsupportedOperationException} (the
 * interface's default); {@code LeanClientCoverageTest} keeps the two lists in step.
 */
public final class LeanDynamoDbClient implements DynamoDbClient {
    static final AwsJsonService.Protocol PROTOCOL = new AwsJsonService.Protocol(
            SERVICE_NAME, "application/x-amz-json-1.0", "DynamoDB_20120810.", LeanDynamoDbClient::error);

    /** A switch rather than a map, so that a cold start loads only the exception classes it meets. */
    private static DynamoDbException.Builder error(String code) {
        return switch (code) {
            case "ConditionalCheckFailedException" -> ConditionalCheckFailedException.builder();
            case "TransactionCanceledException" -> TransactionCanceledException.builder();
            case "TransactionConflictException" -> TransactionConflictException.builder();
            case "TransactionInProgressException" -> TransactionInProgressException.builder();
            case "ResourceNotFoundException" -> ResourceNotFoundException.builder();
            case "ResourceInUseException" -> ResourceInUseException.builder();
            case "ProvisionedThroughputExceededException" -> ProvisionedThroughputExceededException.builder();
            case "RequestLimitExceeded" -> RequestLimitExceededException.builder();
            case "ThrottlingException" -> ThrottlingException.builder();
            case "InternalServerError" -> InternalServerErrorException.builder();
            case "ItemCollectionSizeLimitExceededException" -> ItemCollectionSizeLimitExceededException.builder();
            case "LimitExceededException" -> LimitExceededException.builder();
            case "IdempotentParameterMismatchException" -> IdempotentParameterMismatchException.builder();
            case "ReplicatedWriteConflictException" -> ReplicatedWriteConflictException.builder();
            case null, default -> DynamoDbException.builder();
        };
    }

    private final AwsJsonService service;

    LeanDynamoDbClient(AwsJsonService service) {
        this.service = service;
    }

    /** The client of a Lambda function: credentials and endpoint from the environment, as the SDK would take them. */
    public static LeanDynamoDbClient fromEnvironment(String region, Map<String, String> env) {
        return new LeanDynamoDbClient(AwsJsonService.fromEnvironment(PROTOCOL, region, env));
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        return call("GetItem", request, GetItemResponse.builder(), GetItemResponse.class);
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        return call("PutItem", request, PutItemResponse.builder(), PutItemResponse.class);
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        return call("UpdateItem", request, UpdateItemResponse.builder(), UpdateItemResponse.class);
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        return call("DeleteItem", request, DeleteItemResponse.builder(), DeleteItemResponse.class);
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        return call("Query", request, QueryResponse.builder(), QueryResponse.class);
    }

    @Override
    public ScanResponse scan(ScanRequest request) {
        return call("Scan", request, ScanResponse.builder(), ScanResponse.class);
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        return call(
                "TransactWriteItems", request, TransactWriteItemsResponse.builder(), TransactWriteItemsResponse.class);
    }

    @Override
    public DescribeTableResponse describeTable(DescribeTableRequest request) {
        return call("DescribeTable", request, DescribeTableResponse.builder(), DescribeTableResponse.class);
    }

    @Override
    public CreateTableResponse createTable(CreateTableRequest request) {
        return call("CreateTable", request, CreateTableResponse.builder(), CreateTableResponse.class);
    }

    @Override
    public UpdateTableResponse updateTable(UpdateTableRequest request) {
        return call("UpdateTable", request, UpdateTableResponse.builder(), UpdateTableResponse.class);
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        // Nothing to release: HttpURLConnection's keep-alive cache is the JVM's.
    }

    private <T> T call(String operation, SdkPojo request, SdkPojo response, Class<T> type) {
        return service.call(operation, request, response, type);
    }
}
