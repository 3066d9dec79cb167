package io.keysmith.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keysmith.api.ApiRequest;
import io.keysmith.api.ApiResponse;
import io.keysmith.core.KmsLocation;
import io.keysmith.core.Randomness;
import io.keysmith.core.RootKey;
import io.keysmith.core.TestCallers;
import io.keysmith.wiring.KeysmithSettings;
import io.keysmith.wiring.KeysmithWiring;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A golden vector of one wrap format (test resources golden/material-wrap-format-N.json): a key, its
 * material and an Encrypt result, made by the code of that format's time under a DynamoDB root key of
 * known bytes. It writes the items as that code did (a material item of format 1 has no WrapFormat), so
 * that tests can show they still open, under that root key or under an HSM key that wrapped the same material.
 */
public record GoldenWrap(
        String rootKeyId,
        byte[] rootKeyBytes,
        String keyId,
        String materialId,
        int wrapFormat,
        byte[] materialPlaintext,
        byte[] wrappedMaterial,
        long materialCreationDate,
        String ciphertextBlob,
        Map<String, String> encryptionContext,
        String plaintext) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Made before format 2 existed (commit 1fac89d). */
    public static GoldenWrap format1() {
        return load("/golden/material-wrap-format-1.json");
    }

    /** Made with format 2 (commit e388441). */
    public static GoldenWrap format2() {
        return load("/golden/material-wrap-format-2.json");
    }

    private static GoldenWrap load(String resource) {
        try (InputStream in = GoldenWrap.class.getResourceAsStream(resource)) {
            JsonNode n = JSON.readTree(in);
            HexFormat hex = HexFormat.of();
            Map<String, String> context = new HashMap<>();
            n.get("encryptionContext")
                    .fields()
                    .forEachRemaining(e -> context.put(e.getKey(), e.getValue().asText()));
            return new GoldenWrap(
                    n.get("rootKeyId").asText(),
                    hex.parseHex(n.get("rootKeyBytes").asText()),
                    n.get("keyId").asText(),
                    n.get("materialId").asText(),
                    n.has("wrapFormat") ? n.get("wrapFormat").asInt() : 1,
                    hex.parseHex(n.get("materialPlaintext").asText()),
                    hex.parseHex(n.get("wrappedMaterial").asText()),
                    n.get("materialCreationDate").asLong(),
                    n.get("ciphertextBlob").asText(),
                    Map.copyOf(context),
                    n.get("plaintext").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The DynamoDB root key's item, in the layout of the code that made the vector. */
    public void putRootKey(DynamoDbClient dynamo, String table) {
        dynamo.putItem(r -> r.tableName(table)
                .item(Map.of(
                        "PK", AttributeValue.fromS("ROOT_KEY"),
                        "RootKeyId", AttributeValue.fromS(rootKeyId),
                        "KeyBytes", AttributeValue.fromB(SdkBytes.fromByteArray(rootKeyBytes)))));
    }

    /**
     * The key's META item and its material item with {@code wrapped} under {@code wrappedBy}, of the vector's
     * wrap format: without WrapFormat for format 1, as the code before format 2 wrote it.
     */
    public void putKey(DynamoDbClient dynamo, String table, String wrappedBy, byte[] wrapped) {
        String pk = "KEY#" + keyId;
        Map<String, AttributeValue> meta = new HashMap<>();
        meta.put("PK", AttributeValue.fromS(pk));
        meta.put("SK", AttributeValue.fromS("META"));
        meta.put("KeyId", AttributeValue.fromS(keyId));
        meta.put("CreationDate", AttributeValue.fromN(Long.toString(materialCreationDate)));
        meta.put("Description", AttributeValue.fromS(""));
        meta.put("KeySpec", AttributeValue.fromS("SYMMETRIC_DEFAULT"));
        meta.put("KeyUsage", AttributeValue.fromS("ENCRYPT_DECRYPT"));
        meta.put("KeyState", AttributeValue.fromS("Enabled"));
        meta.put("Origin", AttributeValue.fromS("AWS_KMS"));
        meta.put("CurrentKeyMaterialId", AttributeValue.fromS(materialId));
        meta.put("RotationEnabled", AttributeValue.fromBool(false));
        meta.put("RotationPeriodInDays", AttributeValue.fromN("365"));
        meta.put("OnDemandRotations", AttributeValue.fromN("0"));
        meta.put("Version", AttributeValue.fromN("1"));
        meta.put("Tags", AttributeValue.fromL(List.of()));
        dynamo.putItem(r -> r.tableName(table).item(meta));
        Map<String, AttributeValue> material = new HashMap<>(Map.of(
                "PK", AttributeValue.fromS(pk),
                "SK", AttributeValue.fromS("MATERIAL#" + materialId),
                "KeyMaterialId", AttributeValue.fromS(materialId),
                "WrappedMaterial", AttributeValue.fromB(SdkBytes.fromByteArray(wrapped)),
                "RootKeyId", AttributeValue.fromS(wrappedBy),
                "CreationDate", AttributeValue.fromN(Long.toString(materialCreationDate))));
        if (wrapFormat != 1) {
            material.put("WrapFormat", AttributeValue.fromN(Integer.toString(wrapFormat)));
        }
        dynamo.putItem(r -> r.tableName(table).item(material));
    }

    /** The stored material item, as it is now. */
    public Map<String, AttributeValue> materialItem(DynamoDbClient dynamo, String table) {
        return dynamo.getItem(r -> r.tableName(table)
                        .key(Map.of(
                                "PK", AttributeValue.fromS("KEY#" + keyId),
                                "SK", AttributeValue.fromS("MATERIAL#" + materialId)))
                        .consistentRead(true))
                .item();
    }

    /** A Decrypt of the vector's blob, with its encryption context. */
    public ApiRequest decryptRequest() {
        try {
            return new ApiRequest(
                    "TrentService.Decrypt",
                    JSON.writeValueAsBytes(
                            Map.of("CiphertextBlob", ciphertextBlob, "EncryptionContext", encryptionContext)),
                    TestCallers.ROOT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decrypts the golden blob through the api, with the keys in {@code keysTable}: the plaintext it gives. */
    public String decrypt(DynamoDbClient dynamo, String keysTable, RootKey rootKey, Randomness randomness) {
        KeysmithSettings settings = new KeysmithSettings(
                dynamo,
                keysTable,
                rootKey,
                new KmsLocation("us-east-1", "111122223333"),
                randomness,
                Clock.systemUTC());
        ApiResponse response =
                KeysmithWiring.api(settings, KeysmithWiring.keysmith(settings)).handle(decryptRequest());
        if (response.status() != 200) {
            throw new AssertionError("Decrypt of the golden blob: " + response.status() + " " + response.bodyText());
        }
        return plaintextOf(response.body());
    }

    /** The plaintext a Decrypt response body carries, decoded. */
    public static String plaintextOf(byte[] decryptResponse) {
        try {
            return new String(JSON.readTree(decryptResponse).get("Plaintext").binaryValue(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
