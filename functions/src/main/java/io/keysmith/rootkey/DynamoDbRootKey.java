package io.keysmith.rootkey;

import io.keysmith.core.AesGcm;
import io.keysmith.core.Hkdf;
import io.keysmith.core.Randomness;
import io.keysmith.core.RootKey;
import io.keysmith.core.SecretBytes;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The root key held in its own DynamoDB table: 32 random bytes, in one item, sealed by a
 * {@link RootKeyEnvelope}. Serving code only reads it: {@link #create()} is a separate, explicit
 * step (a conditional put that never overwrites). A missing or unreadable item fails closed: the
 * operation fails, {@code alarm} hears {@link #MISSING} or {@link #UNREADABLE}, and nothing is
 * created. Loaded on first use, then kept in memory until {@link #unload()}.
 */
public final class DynamoDbRootKey implements RootKey {
    /** The item's partition key value; IAM grants name it in a {@code dynamodb:LeadingKeys} condition. */
    public static final String ITEM_PK = "ROOT_KEY";
    /** Alarm metric names. */
    public static final String MISSING = "RootKeyMissing";

    public static final String UNREADABLE = "RootKeyUnreadable";
    /** Encryption context of the envelope; IAM grants may name the purpose in a condition. */
    public static final String CONTEXT_PURPOSE_KEY = "keysmith:purpose";

    public static final String CONTEXT_PURPOSE = "root-key";
    private static final String CONTEXT_ID_KEY = "keysmith:root-key-id";
    private static final byte[] HKDF_SALT = new byte[32];

    private final DynamoDbClient dynamo;
    private final String table;
    private final Randomness randomness;
    private final RootKeyEnvelope envelope;
    private final Consumer<String> alarm;
    private volatile Loaded loaded;

    /** The key bytes are wiped by {@link #unload()}. */
    private record Loaded(String id, byte[] key) {
        @Override
        public String toString() {
            return "Loaded[" + id + ", key redacted]";
        }
    }

    /** Today's layout (no envelope), with no alarm: for tests and plain local data dirs. */
    public DynamoDbRootKey(DynamoDbClient dynamo, String table, Randomness randomness) {
        this(dynamo, table, randomness, RootKeyEnvelope.none(), name -> {});
    }

    public DynamoDbRootKey(
            DynamoDbClient dynamo,
            String table,
            Randomness randomness,
            RootKeyEnvelope envelope,
            Consumer<String> alarm) {
        this.dynamo = dynamo;
        this.table = table;
        this.randomness = randomness;
        this.envelope = envelope;
        this.alarm = alarm;
    }

    /** The root key if the table already holds one; nothing is created. For reading material wrapped before a migration. */
    public static Optional<RootKey> ifPresent(
            DynamoDbClient dynamo, String table, Randomness randomness, RootKeyEnvelope envelope) {
        DynamoDbRootKey rootKey = new DynamoDbRootKey(dynamo, table, randomness, envelope, name -> {});
        if (!rootKey.exists()) {
            return Optional.empty();
        }
        rootKey.load();
        return Optional.of(rootKey);
    }

    /**
     * The explicit creation step: 32 fresh bytes, sealed, put on the condition that no root key
     * exists. Returns false, and changes nothing, when the table already holds one.
     */
    public boolean create() {
        if (exists()) {
            return false; // spares the envelope a seal; the conditional put still settles races
        }
        byte[] fresh = randomness.bytes(32);
        String id = "ddb-" + UUID.randomUUID();
        byte[] sealed = null;
        try {
            try {
                sealed = envelope.seal(fresh, context(id));
            } catch (RuntimeException e) {
                throw new IllegalStateException(
                        "the '" + envelope.protection() + "' envelope could not seal the root key: " + e.getMessage(),
                        e);
            }
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("PK", AttributeValue.fromS(ITEM_PK));
            item.put("RootKeyId", AttributeValue.fromS(id));
            item.put("Protection", AttributeValue.fromS(envelope.protection()));
            if (envelope.protection().equals(RootKeyEnvelope.NONE)) {
                item.put("KeyBytes", AttributeValue.fromB(SdkBytes.fromByteArray(sealed)));
            } else {
                item.put("SealedKey", AttributeValue.fromB(SdkBytes.fromByteArray(sealed)));
                item.put("KmsKeyId", AttributeValue.fromS(envelope.keyId()));
            }
            dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)"));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        } finally {
            Arrays.fill(fresh, (byte) 0);
            if (sealed != null) {
                Arrays.fill(sealed, (byte) 0);
            }
        }
    }

    /** Whether the table holds a root-key item; nothing is opened. */
    public boolean exists() {
        return !item().isEmpty();
    }

    /** Whether the key's bytes are in memory now. */
    public boolean loaded() {
        return loaded != null;
    }

    /** Wipes the bytes from memory; the next use reads the item again. Before a SnapStart checkpoint, for one. */
    public synchronized void unload() {
        Loaded current = loaded;
        loaded = null;
        if (current != null) {
            Arrays.fill(current.key(), (byte) 0);
        }
    }

    /** The protection this reader expects, and {@link #create()} writes. */
    public String expectedProtection() {
        return envelope.protection();
    }

    /** The protection the item records, or empty when there is no item. */
    public Optional<String> protection() {
        Map<String, AttributeValue> item = item();
        return item.isEmpty() ? Optional.empty() : Optional.of(protectionOf(item));
    }

    @Override
    public String id() {
        return load().id();
    }

    /** HKDF-SHA256 over the key's 32 bytes (salt: 32 zero bytes), with the derivation's info. */
    @Override
    public SecretBytes derive(byte[] label, byte[] context) {
        return new SecretBytes(Hkdf.sha256(load().key(), HKDF_SALT, RootKey.info(label, context), 32));
    }

    /** Wrap format 1: AES-256-GCM directly under the key's bytes. */
    @Override
    public SecretBytes unwrapFormat1(byte[] wrapped, byte[] aad) {
        return new SecretBytes(AesGcm.openFramed(aesKey(), null, wrapped, aad));
    }

    private SecretKeySpec aesKey() {
        return new SecretKeySpec(load().key(), "AES");
    }

    private Loaded load() {
        Loaded current = loaded;
        if (current == null) {
            synchronized (this) {
                if (loaded == null) {
                    loaded = read();
                }
                current = loaded;
            }
        }
        return current;
    }

    /** Reads and opens the item; fails closed, and raises the alarm, when it is missing or does not open. */
    private Loaded read() {
        Map<String, AttributeValue> item;
        try {
            item = item();
        } catch (RuntimeException e) {
            // Access denied, throttled, no such table: the root key cannot be read, which the alarm must hear too.
            alarm.accept(UNREADABLE);
            throw new IllegalStateException("the root-key table " + table + " could not be read", e);
        }
        if (item.isEmpty()) {
            alarm.accept(MISSING);
            throw new IllegalStateException("the root-key table " + table + " holds no root key; it is created only by "
                    + "the explicit init step (init-root-key, or the deployment's custom resource), never here");
        }
        String id = item.get("RootKeyId").s();
        String protection = protectionOf(item);
        if (!protection.equals(envelope.protection())) {
            alarm.accept(UNREADABLE);
            throw new IllegalStateException("root key " + id + " is protected by '" + protection
                    + "' but this process expects '" + envelope.protection() + "'");
        }
        AttributeValue sealed = item.get(protection.equals(RootKeyEnvelope.NONE) ? "KeyBytes" : "SealedKey");
        byte[] bytes;
        try {
            bytes = envelope.open(sealed.b().asByteArray(), context(id));
        } catch (RuntimeException e) {
            alarm.accept(UNREADABLE);
            throw new IllegalStateException(
                    "root key " + id + " did not open under its '" + protection + "' envelope", e);
        }
        if (bytes.length != 32) {
            Arrays.fill(bytes, (byte) 0);
            alarm.accept(UNREADABLE);
            throw new IllegalStateException("root key " + id + " is not 32 bytes long");
        }
        return new Loaded(id, bytes);
    }

    private Map<String, AttributeValue> item() {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                        .key(Map.of("PK", AttributeValue.fromS(ITEM_PK)))
                        .consistentRead(true))
                .item();
        return item == null ? Map.of() : item;
    }

    /** Items written before envelopes existed carry no Protection attribute: they are plain. */
    private static String protectionOf(Map<String, AttributeValue> item) {
        AttributeValue protection = item.get("Protection");
        return protection == null ? RootKeyEnvelope.NONE : protection.s();
    }

    /** Binds the sealed bytes to their purpose and to the id they are stored under. */
    private static Map<String, String> context(String id) {
        return Map.of(CONTEXT_PURPOSE_KEY, CONTEXT_PURPOSE, CONTEXT_ID_KEY, id);
    }
}
