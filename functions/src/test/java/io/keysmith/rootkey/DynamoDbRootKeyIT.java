package io.keysmith.rootkey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.core.Randomness;
import io.keysmith.store.DynamoDbLocal;
import io.keysmith.store.KeysTableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The DynamoDB root key over DynamoDB Local: created only on purpose, never overwritten, read fail-closed. */
class DynamoDbRootKeyIT {
    private static final String TABLE = "root-key";
    private static final byte[] LABEL = "keysmith/test/derive".getBytes();
    private static final byte[] AAD = "context".getBytes();

    @RegisterExtension
    final DynamoDbLocal dynamoLocal = DynamoDbLocal.perTest();

    private final DynamoDbClient dynamo = dynamoLocal.client();
    private final List<String> alarms = new ArrayList<>();

    DynamoDbRootKeyIT() {
        dynamo.createTable(KeysTableSchema.rootKeyTable(TABLE));
    }

    private DynamoDbRootKey rootKey(RootKeyEnvelope envelope) {
        return new DynamoDbRootKey(dynamo, TABLE, new Randomness(), envelope, alarms::add);
    }

    private int items() {
        return dynamo.scan(r -> r.tableName(TABLE)).count();
    }

    @Test
    void aServingReaderThatFindsNoRootKeyFailsClosedRaisesTheAlarmAndCreatesNothing() {
        DynamoDbRootKey reader = rootKey(RootKeyEnvelope.none());
        assertThrows(IllegalStateException.class, reader::id);
        assertThrows(IllegalStateException.class, () -> reader.derive(LABEL, AAD));
        assertEquals(0, items(), "a reader created a root key");
        assertEquals(List.of(DynamoDbRootKey.MISSING, DynamoDbRootKey.MISSING), alarms);
        assertFalse(reader.loaded());
    }

    @Test
    void createIsConditionalAndNeverOverwrites() {
        DynamoDbRootKey first = rootKey(RootKeyEnvelope.none());
        assertTrue(first.create());
        String id = first.id();
        byte[] derived = first.derive(LABEL, AAD).reveal();
        Map<String, AttributeValue> before = item();

        DynamoDbRootKey second = rootKey(RootKeyEnvelope.none());
        assertFalse(second.create(), "a second create reported success");
        assertEquals(before, item(), "a second create changed the item");
        assertEquals(id, second.id());
        assertArrayEquals(derived, second.derive(LABEL, AAD).reveal(), "the same root key derives the same key");
        assertEquals(1, items());
        assertEquals(List.of(), alarms);
    }

    @Test
    void theItemRecordsItsProtectionAndTheEnvelopeSealsTheBytes() {
        DynamoDbRootKey sealed = rootKey(new XorEnvelope());
        assertTrue(sealed.create());
        Map<String, AttributeValue> item = item();
        assertEquals("test-xor", item.get("Protection").s());
        assertEquals("xor-key", item.get("KmsKeyId").s());
        assertFalse(item.containsKey("KeyBytes"), "plain key bytes in a sealed item");
        assertArrayEquals(
                sealed.derive(LABEL, AAD).reveal(),
                rootKey(new XorEnvelope()).derive(LABEL, AAD).reveal());
    }

    @Test
    void anItemOfAnotherProtectionIsRefused() {
        assertTrue(rootKey(RootKeyEnvelope.none()).create());
        // A plain item where a sealed one is expected: someone who may write the table must not choose the root key.
        DynamoDbRootKey expectsSealed = rootKey(new XorEnvelope());
        IllegalStateException e = assertThrows(IllegalStateException.class, expectsSealed::id);
        assertTrue(e.getMessage().contains("'none'"), e.getMessage());
        assertEquals(List.of(DynamoDbRootKey.UNREADABLE), alarms);
    }

    @Test
    void anEnvelopeThatDoesNotOpenFailsClosed() {
        assertTrue(rootKey(new XorEnvelope()).create());
        RootKeyEnvelope refusing = new XorEnvelope() {
            @Override
            public byte[] open(byte[] sealed, Map<String, String> context) {
                throw new IllegalArgumentException("access denied");
            }
        };
        assertThrows(IllegalStateException.class, () -> rootKey(refusing).id());
        assertEquals(List.of(DynamoDbRootKey.UNREADABLE), alarms);
    }

    @Test
    void unloadForgetsTheBytesAndTheNextUseReadsThemAgain() {
        DynamoDbRootKey rootKey = rootKey(RootKeyEnvelope.none());
        rootKey.create();
        assertFalse(rootKey.loaded(), "create() loaded the key");
        byte[] derived = rootKey.derive(LABEL, AAD).reveal();
        assertTrue(rootKey.loaded());
        rootKey.unload();
        assertFalse(rootKey.loaded());
        assertArrayEquals(derived, rootKey.derive(LABEL, AAD).reveal());
    }

    @Test
    void itemsWrittenBeforeEnvelopesExistedStillOpen() {
        dynamo.putItem(r -> r.tableName(TABLE)
                .item(Map.of(
                        "PK", AttributeValue.fromS("ROOT_KEY"),
                        "RootKeyId", AttributeValue.fromS("ddb-legacy"),
                        "KeyBytes",
                                AttributeValue.fromB(
                                        software.amazon.awssdk.core.SdkBytes.fromByteArray(new byte[32])))));
        DynamoDbRootKey rootKey = rootKey(RootKeyEnvelope.none());
        assertEquals("ddb-legacy", rootKey.id());
        assertEquals(java.util.Optional.of("none"), rootKey.protection());
    }

    private Map<String, AttributeValue> item() {
        return dynamo.getItem(r -> r.tableName(TABLE).key(Map.of("PK", AttributeValue.fromS("ROOT_KEY"))))
                .item();
    }

    /** A stand-in envelope of the port (not of AWS): the real one runs against a Keysmith as KMS in the local ITs. */
    private static class XorEnvelope implements RootKeyEnvelope {
        @Override
        public String protection() {
            return "test-xor";
        }

        @Override
        public String keyId() {
            return "xor-key";
        }

        @Override
        public byte[] seal(byte[] rootKey, Map<String, String> context) {
            byte[] out = rootKey.clone();
            for (int i = 0; i < out.length; i++) {
                out[i] ^= 0x5a;
            }
            return out;
        }

        @Override
        public byte[] open(byte[] sealed, Map<String, String> context) {
            return seal(sealed, context);
        }
    }
}
