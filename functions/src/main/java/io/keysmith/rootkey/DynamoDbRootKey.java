package io.keysmith.rootkey;

import io.keysmith.core.AesGcm;
import io.keysmith.core.Hkdf;
import io.keysmith.core.Randomness;
import io.keysmith.core.RootKey;
import io.keysmith.core.SecretBytes;
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
    private static final byte[] HKDF_SALT = new byte[32];

    private final DynamoDbClient dynamo;
    private final String table;
    private final Randomness randomness;
    private volatile Loaded loaded;

    private record Loaded(String id, SecretKeySpec key) {
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

    /** HKDF-SHA256 over the key's 32 bytes (salt: 32 zero bytes), with the derivation's info. */
    @Override
    public SecretBytes derive(byte[] label, byte[] context) {
        byte[] bytes = load().key().getEncoded();
        try {
            return new SecretBytes(Hkdf.sha256(bytes, HKDF_SALT, RootKey.info(label, context), 32));
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Wrap format 1: AES-256-GCM directly under the key's bytes. */
    @Override
    public SecretBytes unwrapFormat1(byte[] wrapped, byte[] aad) {
        return new SecretBytes(AesGcm.openFramed(load().key(), null, wrapped, aad));
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
