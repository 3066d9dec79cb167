package io.keysmith.lambda;

import io.keysmith.core.Keysmith;
import io.keysmith.core.KmsLocation;
import io.keysmith.core.Randomness;
import io.keysmith.rootkey.DynamoDbRootKey;
import io.keysmith.store.DynamoDbAliasStore;
import io.keysmith.store.DynamoDbKeyStore;
import java.time.Clock;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the core from the Lambda's settings, the same way for every handler. */
final class LambdaWiring {
    private LambdaWiring() {
    }

    static DynamoDbClient dynamo(LambdaSettings settings) {
        return DynamoDbClient.builder()
                .region(Region.of(settings.region()))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    static Keysmith keysmith(LambdaSettings settings, DynamoDbClient dynamo, Randomness randomness) {
        return new Keysmith(
                new DynamoDbKeyStore(dynamo, settings.keysTable()),
                new DynamoDbAliasStore(dynamo, settings.keysTable()),
                new DynamoDbRootKey(dynamo, settings.rootKeyTable(), randomness),
                new KmsLocation(settings.region(), settings.account()),
                randomness,
                Clock.systemUTC());
    }
}
