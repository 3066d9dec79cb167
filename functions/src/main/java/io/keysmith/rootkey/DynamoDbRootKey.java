package io.keysmith.rootkey;

import io.keysmith.core.Randomness;
import io.keysmith.core.RootKey;
import io.keysmith.core.SecretBytes;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The root key held in its own DynamoDB table: 32 random bytes, created on first use with a
 * conditional put so that concurrent first users agree on one key. Loaded once, then kept in memory.
 */
public final class DynamoDbRootKey implements RootKey {
    private static final String ITEM_PK = "ROOT_KEY";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Randomness randomness;
    private volatile Loaded loaded;

    private record Loaded(String id, SecretKeySpec key) {
        @Override
        public String toString() {
            return "Loaded[" + id + ", redacted]";
        }
    }

    public DynamoDbRootKey(DynamoDbClient dynamo, String table, Randomness randomness) {
        this.dynamo = dynamo;
        this.table = table;
        this.randomness = randomness;
    }

    /** The root key if the table already holds one; nothing is created. For reading material wrapped before a migration. */
    public static java.util.Optional<RootKey> ifPresent(DynamoDbClient dynamo, String table, Randomness randomness) {
        DynamoDbRootKey rootKey = new DynamoDbRootKey(dynamo, table, randomness);
        Loaded existing = rootKey.read();
        if (existing == null) {
            return java.util.Optional.empty();
        }
        rootKey.loaded = existing;
        return java.util.Optional.of(rootKey);
    }

    @Override
    public String id() {
        return load().id();
    }

    @Override
    public byte[] wrap(SecretBytes material, byte[] aad) {
        try {
            return AesGcm.seal(load().key(), null, randomness.generator(), material.reveal(), aad);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("root key wrap failed", e);
        }
    }

    @Override
    public SecretBytes unwrap(byte[] wrapped, byte[] aad) {
        try {
            return new SecretBytes(AesGcm.open(load().key(), null, wrapped, aad));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("root key unwrap failed: wrapped material does not authenticate", e);
        }
    }

    private Loaded load() {
        Loaded current = loaded;
        if (current == null) {
            synchronized (this) {
                if (loaded == null) {
                    loaded = readOrCreate();
                }
                current = loaded;
            }
        }
        return current;
    }

    private Loaded readOrCreate() {
        Loaded existing = read();
        if (existing != null) {
            return existing;
        }
        byte[] fresh = randomness.bytes(32);
        try {
            dynamo.putItem(r -> r.tableName(table)
                    .item(Map.of(
                            "PK", AttributeValue.fromS(ITEM_PK),
                            "RootKeyId", AttributeValue.fromS("ddb-" + UUID.randomUUID()),
                            "KeyBytes", AttributeValue.fromB(SdkBytes.fromByteArray(fresh))))
                    .conditionExpression("attribute_not_exists(PK)"));
        } catch (ConditionalCheckFailedException raced) {
            // another instance created it first; use theirs
        } finally {
            java.util.Arrays.fill(fresh, (byte) 0);
        }
        Loaded created = read();
        if (created == null) {
            throw new IllegalStateException("root key missing right after creation");
        }
        return created;
    }

    private Loaded read() {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(Map.of("PK", AttributeValue.fromS(ITEM_PK))).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return null;
        }
        byte[] bytes = item.get("KeyBytes").b().asByteArray();
        SecretKeySpec key = new SecretKeySpec(bytes, "AES");
        java.util.Arrays.fill(bytes, (byte) 0);
        return new Loaded(item.get("RootKeyId").s(), key);
    }
}
