package io.keysmith.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.keysmith.core.MaterialWraps;
import io.keysmith.core.Randomness;
import io.keysmith.core.RootKey;
import io.keysmith.core.RootKeyMigration;
import io.keysmith.rootkey.DynamoDbRootKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Material that the DynamoDB root key wrapped in each wrap format (fixed golden vectors) still opens
 * through the api: format 1 (AES-GCM straight under the root key's bytes), which a migration under the
 * same root key upgrades, and format 2 (a wrapping key derived per material), which it leaves as it is.
 */
class WrapFormatGoldenIT {
    private static final GoldenWrap GOLDEN = GoldenWrap.format1();
    private static final GoldenWrap FORMAT_2 = GoldenWrap.format2();

    @RegisterExtension
    final DynamoDbLocal dynamoLocal = DynamoDbLocal.perTest();

    private final DynamoDbClient dynamo = dynamoLocal.client();
    private final Randomness randomness = new Randomness();

    /**
     * The keys and root-key tables holding the vector's root key and key as the code of its format stored them,
     * indexed as the runner's start and the upkeep function index an item from before the listing indexes.
     */
    private DynamoDbKeyStore storeHolding(GoldenWrap vector) {
        dynamo.createTable(KeysTableSchema.keysTable("keys"));
        dynamo.createTable(KeysTableSchema.rootKeyTable("root"));
        vector.putRootKey(dynamo, "root");
        vector.putKey(dynamo, "keys", vector.rootKeyId(), vector.wrappedMaterial());
        assertEquals(1, KeysTableUpgrade.backfill(dynamo, "keys"));
        return new DynamoDbKeyStore(dynamo, "keys");
    }

    private static int wrapFormat(DynamoDbKeyStore store, GoldenWrap vector) {
        return store.findMaterial(vector.keyId(), vector.materialId())
                .orElseThrow()
                .wrapFormat();
    }

    private String decrypt(RootKey rootKey) {
        return GOLDEN.decrypt(dynamo, "keys", rootKey, randomness);
    }

    @Test
    void materialOfWrapFormat1StillOpensAndAMigrationUpgradesItToFormat2() {
        DynamoDbKeyStore store = storeHolding(GOLDEN);
        RootKey rootKey = new DynamoDbRootKey(dynamo, "root", randomness);

        assertNull(GOLDEN.materialItem(dynamo, "keys").get("WrapFormat"));
        assertEquals(MaterialWraps.FORMAT_1, wrapFormat(store, GOLDEN));
        assertEquals(GOLDEN.plaintext(), decrypt(rootKey));

        List<String> progress = new ArrayList<>();
        RootKeyMigration.Result upgraded = new RootKeyMigration(store, null, rootKey, randomness).run(progress::add);
        assertEquals(new RootKeyMigration.Result(1, 1, 0, 1), upgraded, String.join("\n", progress));

        Map<String, AttributeValue> item = GOLDEN.materialItem(dynamo, "keys");
        assertEquals("2", item.get("WrapFormat").n());
        assertEquals(GOLDEN.rootKeyId(), item.get("RootKeyId").s());
        assertFalse(Arrays.equals(
                GOLDEN.wrappedMaterial(), item.get("WrappedMaterial").b().asByteArray()));
        assertEquals(GOLDEN.plaintext(), decrypt(new DynamoDbRootKey(dynamo, "root", randomness)));

        RootKeyMigration.Result again = new RootKeyMigration(store, null, rootKey, randomness).run(progress::add);
        assertEquals(new RootKeyMigration.Result(1, 0, 1, 1), again);
        assertArrayEquals(
                item.get("WrappedMaterial").b().asByteArray(),
                GOLDEN.materialItem(dynamo, "keys").get("WrappedMaterial").b().asByteArray());
    }

    @Test
    void materialOfWrapFormat2StillOpensAndAMigrationUnderTheSameRootKeyLeavesItAlone() {
        // Given: the vector's root key and key, as format-2 code stored them
        DynamoDbKeyStore store = storeHolding(FORMAT_2);
        RootKey rootKey = new DynamoDbRootKey(dynamo, "root", randomness);

        // When / Then: the store reads format 2, and the api decrypts the vector's blob
        assertEquals(MaterialWraps.FORMAT_2, wrapFormat(store, FORMAT_2));
        assertEquals(FORMAT_2.plaintext(), FORMAT_2.decrypt(dynamo, "keys", rootKey, randomness));

        RootKeyMigration.Result result = new RootKeyMigration(store, null, rootKey, randomness).run(line -> {});
        assertEquals(new RootKeyMigration.Result(1, 0, 1, 1), result);
        assertArrayEquals(
                FORMAT_2.wrappedMaterial(),
                FORMAT_2.materialItem(dynamo, "keys").get("WrappedMaterial").b().asByteArray());
    }
}
