package io.keysmith.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import io.keysmith.core.MaterialWraps;
import io.keysmith.core.Randomness;
import io.keysmith.core.RootKey;
import io.keysmith.core.RootKeyMigration;
import io.keysmith.rootkey.DynamoDbRootKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Material that the DynamoDB root key wrapped before wrap format 2 (AES-GCM straight under the root
 * key's bytes; a fixed golden vector) still opens, and a migration under the same root key upgrades it.
 */
class WrapFormat1GoldenIT {
    private static final GoldenWrapFormat1 GOLDEN = GoldenWrapFormat1.load();
    private final AmazonDynamoDBLocal dynamoLocal = DynamoDBEmbedded.create(true);
    private final DynamoDbClient dynamo = dynamoLocal.dynamoDbClient();
    private final Randomness randomness = new Randomness();

    @AfterEach
    void shutdown() {
        dynamoLocal.shutdown();
    }

    private String decrypt(RootKey rootKey) {
        return GOLDEN.decrypt(dynamo, "keys", rootKey, randomness);
    }

    @Test
    void materialOfWrapFormat1StillOpensAndAMigrationUpgradesItToFormat2() {
        dynamo.createTable(KeysTableSchema.keysTable("keys"));
        dynamo.createTable(KeysTableSchema.rootKeyTable("root"));
        GOLDEN.putRootKey(dynamo, "root");
        GOLDEN.putKey(dynamo, "keys", GOLDEN.rootKeyId(), GOLDEN.wrappedMaterial());
        // an item from before the listing indexes: indexed as the runner's start and the upkeep function do
        assertEquals(1, KeysTableUpgrade.backfill(dynamo, "keys"));
        DynamoDbKeyStore store = new DynamoDbKeyStore(dynamo, "keys");
        RootKey rootKey = new DynamoDbRootKey(dynamo, "root", randomness);

        assertNull(GOLDEN.materialItem(dynamo, "keys").get("WrapFormat"));
        assertEquals(MaterialWraps.FORMAT_1, store.findMaterial(GOLDEN.keyId(), GOLDEN.materialId()).orElseThrow().wrapFormat());
        assertEquals(GOLDEN.plaintext(), decrypt(rootKey));

        List<String> progress = new ArrayList<>();
        RootKeyMigration.Result upgraded = new RootKeyMigration(store, null, rootKey, randomness).run(progress::add);
        assertEquals(new RootKeyMigration.Result(1, 1, 0, 1), upgraded, String.join("\n", progress));

        Map<String, AttributeValue> item = GOLDEN.materialItem(dynamo, "keys");
        assertEquals("2", item.get("WrapFormat").n());
        assertEquals(GOLDEN.rootKeyId(), item.get("RootKeyId").s());
        assertFalse(Arrays.equals(GOLDEN.wrappedMaterial(), item.get("WrappedMaterial").b().asByteArray()));
        assertEquals(GOLDEN.plaintext(), decrypt(new DynamoDbRootKey(dynamo, "root", randomness)));

        RootKeyMigration.Result again = new RootKeyMigration(store, null, rootKey, randomness).run(progress::add);
        assertEquals(new RootKeyMigration.Result(1, 0, 1, 1), again);
        assertArrayEquals(item.get("WrappedMaterial").b().asByteArray(),
                GOLDEN.materialItem(dynamo, "keys").get("WrappedMaterial").b().asByteArray());
    }
}
