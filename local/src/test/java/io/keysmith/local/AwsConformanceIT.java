package io.keysmith.local;

import static io.keysmith.local.Wire.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.keysmith.core.DataKeyPairSpec;
import io.keysmith.core.ImportWrapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Replays the responses recorded against real AWS KMS (reference/aws-kms-recorded-responses.json, a copy of the shared reference)
 * that apply to what Keysmith implements. The recording holds responses only, so each case has a driver
 * here that makes the same calls; the comparison itself is generic ({@link SnapshotMatcher}).
 * Every recorded call is one case; those of operations Keysmith does not implement are counted and named.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsConformanceIT {
    private static final String ACCOUNT = "111111111111";
    private static final String REGION = "us-east-1";
    private static final String SECONDARY_REGION = "us-west-2";

    private LocalKeysmith primary;
    private LocalKeysmith secondary;
    private Wire wire;
    private Wire secondaryWire;

    @BeforeAll
    void start() throws Exception {
        primary = LocalKeysmith.inMemory("--region", REGION, "--account", ACCOUNT);
        secondary = LocalKeysmith.inMemory("--region", SECONDARY_REGION, "--account", ACCOUNT);
        wire = new Wire(primary.endpoint());
        secondaryWire = new Wire(secondary.endpoint());
    }

    @AfterAll
    void stop() {
        primary.close();
        secondary.close();
    }

    /** Recorded calls of operations or features Keysmith does not implement, by the prefix of their test name. */
    private static final Map<String, String> NOT_APPLICABLE = Map.ofEntries(
            Map.entry(
                    "test_rotate_key_on_demand_raises_error_given_key_with_imported_key_material",
                    "recorded in March 2025, before AWS rotated imported key material on demand; "
                            + "test_rotate_key_on_demand_raises_for_no_pending_key_material records the same call now"),
            Map.entry("test_replicate", "multi-Region keys are not implemented"),
            Map.entry("test_create_multi_region_key", "multi-Region keys are not implemented"),
            Map.entry(
                    "test_hmac_create_key_invalid_operations/create-hmac-key-invalid-spec",
                    "recorded against an older KeySpec enum (no SM2, ML_DSA or ECC_NIST_EDWARDS25519)"),
            Map.entry(
                    "test_hmac_create_key_invalid_operations/create-hmac-key-invalid-key-usage",
                    "recorded against an older KeyUsage enum (no KEY_AGREEMENT)"));

    private final Map<String, Function<Wire, Map<String, JsonNode>>> drivers = new LinkedHashMap<>();

    {
        asymmetricDrivers();
        for (String n : List.of("None", "0", "1025")) {
            drivers.put(
                    "test_generate_random_invalid_number_of_bytes[" + n + "]",
                    w -> Map.of(
                            "generate-random-exc",
                            w.call(
                                    "GenerateRandom",
                                    n.equals("None") ? body() : body("NumberOfBytes", Integer.parseInt(n)))));
        }
        for (int n : new int[] {12, 44, 91, 1, 1024}) {
            drivers.put(
                    "test_generate_random[" + n + "]",
                    w -> Map.of(
                            "result_length",
                            IntNode.valueOf(Base64.getDecoder()
                                    .decode(w.ok("GenerateRandom", body("NumberOfBytes", n))
                                            .get("Plaintext")
                                            .asText())
                                    .length)));
        }
        drivers.put("test_create_key", w -> {
            String key = w.createKey("Description", "test key 123", "KeyUsage", "ENCRYPT_DECRYPT");
            return Map.of(
                    "describe-key", w.ok("DescribeKey", body("KeyId", key)).get("KeyMetadata"));
        });
        drivers.put("test_get_key_in_different_region", w -> {
            String key = secondaryWire.createKey("Description", "test key 123");
            String arn = "arn:aws:kms:" + SECONDARY_REGION + ":" + ACCOUNT + ":key/" + key;
            return Map.of(
                    "describe-key-diff-region-with-id", w.call("DescribeKey", body("KeyId", key)),
                    "describe-key-diff-region-with-arn", w.call("DescribeKey", body("KeyId", arn)),
                    "describe-key-same-specific-region-with-id", secondaryWire.call("DescribeKey", body("KeyId", key)),
                    "describe-key-same-specific-region-with-arn",
                            secondaryWire.call("DescribeKey", body("KeyId", arn)));
        });
        drivers.put("test_get_key_does_not_exist", w -> {
            String missing = UUID.randomUUID().toString();
            return Map.of(
                    "describe-nonexistent-key-with-id", w.call("DescribeKey", body("KeyId", missing)),
                    "describe-nonexistent-with-arn",
                            w.call(
                                    "DescribeKey",
                                    body("KeyId", "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + missing)),
                    "describe-key-with-valid-id-mrk",
                            w.call("DescribeKey", body("KeyId", "mrk-" + missing.replace("-", ""))));
        });
        drivers.put(
                "test_get_key_invalid_uuid",
                w -> Map.of(
                        "describe-key-with-invalid-uuid", w.call("DescribeKey", body("KeyId", "fake-key-id")),
                        "describe-key-with-invalid-uuid-2",
                                w.call("DescribeKey", body("KeyId", "134f2428cec14b25a1ae9048164dba47")),
                        "describe-key-with-invalid-uuid-mrk", w.call("DescribeKey", body("KeyId", "mrk-fake-key-id"))));
        drivers.put(
                "test_create_alias",
                w -> Map.of(
                        "create_alias",
                        w.call(
                                "CreateAlias",
                                body("AliasName", "no-prefix-" + UUID.randomUUID(), "TargetKeyId", w.createKey()))));
        drivers.put("test_hmac_create_key", w -> {
            JsonNode created = w.ok(
                            "CreateKey",
                            body("Description", "test key", "KeySpec", "HMAC_256", "KeyUsage", "GENERATE_VERIFY_MAC"))
                    .get("KeyMetadata");
            return Map.of(
                    "create-hmac-key",
                    created,
                    "describe-key",
                    w.ok("DescribeKey", body("KeyId", created.get("KeyId").asText()))
                            .get("KeyMetadata"));
        });
        drivers.put(
                "test_hmac_create_key_invalid_operations",
                w -> Map.of(
                        "create-hmac-key-without-key-usage",
                        w.call("CreateKey", body("Description", "test key", "KeySpec", "HMAC_256"))));
        drivers.put("test_error_messaging_for_invalid_keys", w -> {
            String encryptKey = w.createKey();
            String hmacKey = w.createKey("KeySpec", "HMAC_256", "KeyUsage", "GENERATE_VERIFY_MAC");
            String signKey = w.createKey("KeySpec", "ECC_NIST_P256", "KeyUsage", "SIGN_VERIFY");
            String blob = w.ok("Encrypt", body("KeyId", encryptKey, "Plaintext", b64("plaintext")))
                    .get("CiphertextBlob")
                    .asText();
            return Map.of(
                    "generate-mac-invalid-key-id",
                    w.call(
                            "GenerateMac",
                            body("KeyId", encryptKey, "Message", b64("message"), "MacAlgorithm", "HMAC_SHA_224")),
                    "encrypt-invalid-key-id",
                    w.call("Encrypt", body("KeyId", signKey, "Plaintext", b64("plaintext"))),
                    "decrypt-invalid-key-id",
                    w.call("Decrypt", body("KeyId", hmacKey, "CiphertextBlob", blob)),
                    "sign-invalid-key-id",
                    w.call(
                            "Sign",
                            body("KeyId", hmacKey, "Message", b64("message"), "SigningAlgorithm", "ECDSA_SHA_256")),
                    "verify-invalid-key-id",
                    w.call(
                            "Verify",
                            body(
                                    "KeyId",
                                    encryptKey,
                                    "Message",
                                    b64("message"),
                                    "Signature",
                                    b64("signature"),
                                    "SigningAlgorithm",
                                    "ECDSA_SHA_256")));
        });
        // The recorded cases of test_sign_verify that hold calls (AWS refused the other two, which hold none).
        for (String recorded : List.of(
                "RSA_2048-RSASSA_PSS_SHA_256",
                "RSA_2048-RSASSA_PSS_SHA_384",
                "RSA_2048-RSASSA_PSS_SHA_512",
                "RSA_4096-RSASSA_PKCS1_V1_5_SHA_256",
                "RSA_4096-RSASSA_PKCS1_V1_5_SHA_512",
                "ECC_NIST_P256-ECDSA_SHA_256",
                "ECC_SECG_P256K1-ECDSA_SHA_256",
                "ECC_NIST_P384-ECDSA_SHA_384")) {
            String spec = recorded.substring(0, recorded.indexOf('-'));
            String algorithm = recorded.substring(recorded.indexOf('-') + 1);
            drivers.put("test_sign_verify[" + recorded + "]", w -> signVerify(w, spec, algorithm));
        }
        drivers.put(
                "test_plaintext_size_for_encrypt",
                w -> Map.of(
                        "invalid-plaintext-size-encrypt",
                        w.call(
                                "Encrypt",
                                body(
                                        "KeyId",
                                        w.createKey(),
                                        "Plaintext",
                                        Base64.getEncoder().encodeToString(new byte[4097])))));
        drivers.put(
                "test_generate_data_key_pair_without_plaintext",
                w -> Map.of(
                        "generate-data-key-pair-without-plaintext",
                        w.call(
                                "GenerateDataKeyPairWithoutPlaintext",
                                body("KeyId", w.createKey(), "KeyPairSpec", "RSA_2048"))));
        drivers.put(
                "test_generate_data_key_pair",
                w -> Map.of(
                        "generate-data-key-pair",
                        w.call("GenerateDataKeyPair", body("KeyId", w.createKey(), "KeyPairSpec", "RSA_2048"))));
        drivers.put(
                "test_generate_data_key",
                w -> Map.of(
                        "generate-data-key-result",
                        w.call("GenerateDataKey", body("KeyId", w.createKey(), "KeySpec", "AES_256"))));
        drivers.put(
                "test_generate_data_key_without_plaintext",
                w -> Map.of(
                        "generate-data-key-without-plaintext",
                        w.call("GenerateDataKeyWithoutPlaintext", body("KeyId", w.createKey(), "KeySpec", "AES_256"))));
        drivers.put("test_encrypt_decrypt_encryption_context", w -> {
            String key = w.createKey();
            Map<String, String> context = Map.of("context-key", "context-value");
            JsonNode encrypted = w.call(
                    "Encrypt", body("KeyId", key, "Plaintext", b64("test-plaintext"), "EncryptionContext", context));
            String blob = encrypted.path("CiphertextBlob").asText();
            return Map.of(
                    "encrypt_response", encrypted,
                    "decrypt_response_with_encryption_context",
                            w.call("Decrypt", body("KeyId", key, "CiphertextBlob", blob, "EncryptionContext", context)),
                    "decrypt_response_without_encryption_context",
                            w.call("Decrypt", body("KeyId", key, "CiphertextBlob", blob)),
                    "decrypt_response_with_invalid_ciphertext",
                            w.call("Decrypt", body("KeyId", key, "CiphertextBlob", b64("invalid ciphertext"))));
        });
        Map<String, String> generators = Map.of(
                "test_encryption_context_generate_data_key", "GenerateDataKey",
                "test_encryption_context_generate_data_key_without_plaintext", "GenerateDataKeyWithoutPlaintext",
                "test_encryption_context_generate_data_key_pair", "GenerateDataKeyPair",
                "test_encryption_context_generate_data_key_pair_without_plaintext",
                        "GenerateDataKeyPairWithoutPlaintext");
        generators.forEach((test, operation) -> drivers.put(test, w -> {
            String key = w.createKey();
            boolean pair = operation.contains("Pair");
            JsonNode generated = w.ok(
                    operation,
                    pair
                            ? body("KeyId", key, "KeyPairSpec", "RSA_2048", "EncryptionContext", Map.of("k", "v"))
                            : body("KeyId", key, "KeySpec", "AES_256", "EncryptionContext", Map.of("k", "v")));
            String blob = generated
                    .get(pair ? "PrivateKeyCiphertextBlob" : "CiphertextBlob")
                    .asText();
            return Map.of(
                    "decrypt-without-encryption-context",
                    w.call("Decrypt", body("KeyId", key, "CiphertextBlob", blob)));
        }));
        for (int period : new int[] {90, 180}) {
            drivers.put("test_key_enable_rotation_status[" + period + "]", w -> {
                String key = w.createKey();
                w.ok("EnableKeyRotation", body("KeyId", key, "RotationPeriodInDays", period));
                return Map.of("match_response", w.call("GetKeyRotationStatus", body("KeyId", key)));
            });
        }
        drivers.put(
                "test_rotate_key_on_demand_modifies_key_material",
                w -> Map.of("rotate-on-demand-response", w.call("RotateKeyOnDemand", body("KeyId", w.createKey()))));
        drivers.put("test_rotate_key_on_demand_with_symmetric_key_and_automatic_rotation_disabled", w -> {
            String key = w.createKey();
            return Map.of(
                    "rotate-on-demand-response",
                    w.call("RotateKeyOnDemand", body("KeyId", key)),
                    "rotation-status-response-after-rotation",
                    w.call("GetKeyRotationStatus", body("KeyId", key)));
        });
        drivers.put("test_rotate_key_on_demand_with_symmetric_key_and_automatic_rotation_enabled", w -> {
            String key = w.createKey();
            w.ok("EnableKeyRotation", body("KeyId", key));
            return Map.of(
                    "rotate-on-demand-response",
                    w.call("RotateKeyOnDemand", body("KeyId", key)),
                    "rotation-status-response-after-rotation",
                    w.call("GetKeyRotationStatus", body("KeyId", key)));
        });
        drivers.put("test_rotate_key_on_demand_raises_error_given_key_is_disabled", w -> {
            String key = w.createKey();
            w.ok("DisableKey", body("KeyId", key));
            return Map.of("error-response", w.call("RotateKeyOnDemand", body("KeyId", key)));
        });
        drivers.put(
                "test_rotate_key_on_demand_raises_error_given_key_that_does_not_exist",
                w -> Map.of(
                        "error-response",
                        w.call(
                                "RotateKeyOnDemand",
                                body("KeyId", UUID.randomUUID().toString()))));
        drivers.put(
                "test_rotate_key_on_demand_raises_error_given_non_symmetric_key",
                w -> Map.of(
                        "error-response",
                        w.call(
                                "RotateKeyOnDemand",
                                body("KeyId", w.createKey("KeySpec", "RSA_4096", "KeyUsage", "ENCRYPT_DECRYPT")))));
        drivers.put("test_key_rotations_encryption_decryption", w -> {
            String key = w.createKey();
            w.ok("RotateKeyOnDemand", body("KeyId", key));
            return Map.of(
                    "bad-ciphertext", w.call("Decrypt", body("KeyId", key, "CiphertextBlob", b64("bad-ciphertext"))));
        });
        drivers.put("test_key_rotations_limits", w -> {
            String key = w.createKey();
            JsonNode response;
            int rotations = 0;
            do {
                response = w.call("RotateKeyOnDemand", body("KeyId", key));
            } while (!response.has("Error") && ++rotations <= 100);
            return Map.of("error-response", response);
        });
        drivers.put(
                "test_generate_data_key_pair_dry_run",
                w -> Map.of(
                        "dryrun_exception",
                        w.call(
                                "GenerateDataKeyPair",
                                body("KeyId", w.createKey(), "KeyPairSpec", "RSA_2048", "DryRun", true))));
        drivers.put(
                "test_generate_data_key_pair_without_plaintext_dry_run",
                w -> Map.of(
                        "dryrun_exception",
                        w.call(
                                "GenerateDataKeyPairWithoutPlaintext",
                                body("KeyId", w.createKey(), "KeyPairSpec", "RSA_2048", "DryRun", true))));
        drivers.put("test_re_encrypt[SYMMETRIC_DEFAULT-SYMMETRIC_DEFAULT]", w -> {
            String source = w.createKey();
            String destination = w.createKey();
            String blob = w.ok("Encrypt", body("KeyId", source, "Plaintext", b64("message")))
                    .get("CiphertextBlob")
                    .asText();
            return Map.of(
                    "test_re_encrypt",
                    w.call(
                            "ReEncrypt",
                            body(
                                    "CiphertextBlob",
                                    blob,
                                    "SourceKeyId",
                                    source,
                                    "DestinationKeyId",
                                    destination,
                                    "SourceEncryptionAlgorithm",
                                    "SYMMETRIC_DEFAULT",
                                    "DestinationEncryptionAlgorithm",
                                    "SYMMETRIC_DEFAULT")));
        });
        drivers.put("test_re_encrypt_incorrect_source_key", w -> {
            String source = w.createKey();
            String other = w.createKey();
            String blob = w.ok("Encrypt", body("KeyId", source, "Plaintext", b64("message")))
                    .get("CiphertextBlob")
                    .asText();
            return Map.of(
                    "incorrect-source-key",
                    w.call("ReEncrypt", body("CiphertextBlob", blob, "SourceKeyId", other, "DestinationKeyId", other)));
        });
        for (String spec : List.of("SYMMETRIC_DEFAULT", "RSA_4096")) {
            drivers.put("test_rotate_key_on_demand_on_external_key_with_no_key_material[" + spec + "]", w -> {
                JsonNode created = w.ok("CreateKey", body("Description", "test-key", "Origin", "EXTERNAL"))
                        .get("KeyMetadata");
                return Map.of(
                        "create-kms-external-key",
                        created,
                        "rotate-key-on-demand-error-response-" + spec,
                        w.call(
                                "RotateKeyOnDemand",
                                body("KeyId", created.get("KeyId").asText())));
            });
        }
        drivers.put(
                "test_rotate_on_demand_returns_arn_for_key_id",
                w -> Map.of("rotate-on-demand-aws-key", w.call("RotateKeyOnDemand", body("KeyId", w.createKey()))));
        drivers.put("test_key_rotation_updates_current_key_material_id_for_aws_symmetric_keys", w -> {
            String key = w.createKey("Description", "test-key");
            JsonNode before = w.call("DescribeKey", body("KeyId", key));
            w.ok("RotateKeyOnDemand", body("KeyId", key));
            return Map.of(
                    "describe-key-before-rotation",
                    before,
                    "describe-key-after-rotation",
                    w.call("DescribeKey", body("KeyId", key)));
        });
        drivers.put("test_tag_existing_key_and_untag", w -> {
            String key = w.createKey();
            w.ok("TagResource", body("KeyId", key, "Tags", tags("tag1", "value1", "tag2", "value2")));
            JsonNode listed = w.ok("ListResourceTags", body("KeyId", key)).get("Tags");
            w.ok("UntagResource", body("KeyId", key, "TagKeys", List.of("tag1", "tag2")));
            return Map.of(
                    "list-resource-tags",
                    listed,
                    "list-resource-tags-after-all-untagged",
                    w.ok("ListResourceTags", body("KeyId", key)).get("Tags"));
        });
        drivers.put("test_create_key_with_tag_and_untag", w -> {
            String key = w.createKey("Tags", tags("tag1", "value1", "tag2", "value2"));
            JsonNode listed = w.ok("ListResourceTags", body("KeyId", key)).get("Tags");
            w.ok("UntagResource", body("KeyId", key, "TagKeys", List.of("tag1", "tag2")));
            return Map.of(
                    "list-resource-tags",
                    listed,
                    "list-resource-tags-after-all-untagged",
                    w.ok("ListResourceTags", body("KeyId", key)).get("Tags"));
        });
        drivers.put("test_untag_key_partially", w -> {
            String key = w.createKey("Tags", tags("tag1", "value1", "tag2", "value2", "tag3", "value3"));
            JsonNode listed = w.ok("ListResourceTags", body("KeyId", key)).get("Tags");
            w.ok("UntagResource", body("KeyId", key, "TagKeys", List.of("tag2")));
            return Map.of(
                    "list-resource-tags",
                    listed,
                    "list-resource-tags-after-partially-untagged",
                    w.ok("ListResourceTags", body("KeyId", key)).get("Tags"));
        });
        drivers.put("test_update_and_add_tags_on_tagged_key", w -> {
            String key = w.createKey("Tags", tags("tag1", "value1", "tag2", "value2", "tag3", "value3"));
            JsonNode listed = w.ok("ListResourceTags", body("KeyId", key)).get("Tags");
            w.ok(
                    "TagResource",
                    body("KeyId", key, "Tags", tags("tag2", "updated_value2", "tag4", "value4", "tag5", "value5")));
            return Map.of(
                    "list-resource-tags",
                    listed,
                    "list-resource-tags-after-tags-updated",
                    w.ok("ListResourceTags", body("KeyId", key)).get("Tags"));
        });
        drivers.put(
                "test_tag_key_with_duplicate_tag_keys_raises_error",
                w -> Map.of(
                        "duplicate-tag-keys",
                        w.call(
                                "TagResource",
                                body("KeyId", w.createKey(), "Tags", tags("tag1", "value1", "tag1", "value2")))));
        drivers.put("test_create_key_with_too_many_tags_raises_error", w -> {
            List<Object> many = new ArrayList<>();
            for (int i = 0; i < 51; i++) {
                many.add("key" + i);
                many.add("value" + i);
            }
            return Map.of("invalid-tag-key", w.call("CreateKey", body("Tags", tags(many.toArray()))));
        });
        drivers.put(
                "test_tag_existing_key_with_invalid_tag_key",
                w -> Map.of(
                        "invalid-tag-key",
                        w.call("TagResource", body("KeyId", w.createKey(), "Tags", tags("aws:key1", "value1")))));
        drivers.put(
                "test_key_with_long_tag_value_raises_error",
                w -> Map.of("too-long-tag-value", w.call("CreateKey", body("Tags", tags("tag1", "v".repeat(257))))));
        drivers.put(
                "test_create_key_with_invalid_tag_key[lowercase_prefix]",
                w -> Map.of("invalid-tag-key", w.call("CreateKey", body("Tags", tags("aws:key1", "value1")))));
        drivers.put(
                "test_create_key_with_invalid_tag_key[uppercase_prefix]",
                w -> Map.of("invalid-tag-key", w.call("CreateKey", body("Tags", tags("AWS:key1", "value1")))));
        drivers.put(
                "test_create_key_with_invalid_tag_key[too_long_key]",
                w -> Map.of("invalid-tag-key", w.call("CreateKey", body("Tags", tags("a".repeat(129), "value1")))));
        drivers.put(
                "test_non_multi_region_keys_should_not_have_multi_region_properties",
                w -> Map.of(
                        "non_multi_region_keys_should_not_have_multi_region_properties",
                        w.ok("CreateKey", body("Description", "test non multi region key", "MultiRegion", false))
                                .get("KeyMetadata")));
        addImportDrivers();
        drivers.put("test_describe_with_alias_arn", w -> {
            JsonNode created =
                    w.ok("CreateKey", body("Description", "test - description")).get("KeyMetadata");
            String alias = "alias/test-" + UUID.randomUUID();
            w.ok(
                    "CreateAlias",
                    body("AliasName", alias, "TargetKeyId", created.get("KeyId").asText()));
            return Map.of(
                    "created-key",
                    created,
                    "describe-key",
                    w.call("DescribeKey", body("KeyId", "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":" + alias)));
        });
    }

    /** LocalStack's test_sign_verify: sign and verify a RAW message, sign it as a DIGEST, verify a wrong signature. */
    private static Map<String, JsonNode> signVerify(Wire w, String spec, String algorithm) {
        String key = w.createKey("KeySpec", spec, "KeyUsage", "SIGN_VERIFY");
        String plaintext = b64("test message !%$@ 1234567890");
        String badSignature = w.ok(
                        "Sign",
                        body("KeyId", key, "SigningAlgorithm", algorithm, "MessageType", "RAW", "Message", b64("bad")))
                .get("Signature")
                .asText();
        JsonNode signature = w.call(
                "Sign", body("KeyId", key, "SigningAlgorithm", algorithm, "MessageType", "RAW", "Message", plaintext));
        JsonNode verification = w.call(
                "Verify",
                body(
                        "KeyId",
                        key,
                        "SigningAlgorithm",
                        algorithm,
                        "MessageType",
                        "RAW",
                        "Message",
                        plaintext,
                        "Signature",
                        signature.path("Signature").asText()));
        return Map.of(
                "signature",
                signature,
                "verification",
                verification,
                "bad-digest",
                w.call(
                        "Sign",
                        body(
                                "KeyId",
                                key,
                                "SigningAlgorithm",
                                algorithm,
                                "MessageType",
                                "DIGEST",
                                "Message",
                                plaintext)),
                "bad-signature",
                w.call(
                        "Verify",
                        body(
                                "KeyId",
                                key,
                                "SigningAlgorithm",
                                algorithm,
                                "MessageType",
                                "RAW",
                                "Message",
                                plaintext,
                                "Signature",
                                badSignature)));
    }

    /** The drivers of the asymmetric encryption, MAC and key agreement recordings. */
    private void asymmetricDrivers() {
        for (String spec : List.of("RSA_2048", "RSA_3072", "RSA_4096")) {
            for (String algorithm : List.of("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256")) {
                drivers.put(
                        "test_encrypt_validate_plaintext_size_per_key_type[" + spec + "-" + algorithm + "]",
                        w -> Map.of(
                                "generate-random-exc",
                                w.call(
                                        "Encrypt",
                                        body(
                                                "KeyId",
                                                w.createKey("KeySpec", spec, "KeyUsage", "ENCRYPT_DECRYPT"),
                                                "Plaintext",
                                                b64("more than 500 bytes and less than 4096 bytes".repeat(20)),
                                                "EncryptionAlgorithm",
                                                algorithm))));
            }
        }
        drivers.put("test_re_encrypt[RSA_2048-RSAES_OAEP_SHA_256]", w -> {
            String source = w.createKey("KeySpec", "RSA_2048", "KeyUsage", "ENCRYPT_DECRYPT");
            String destination = w.createKey("KeySpec", "RSA_2048", "KeyUsage", "ENCRYPT_DECRYPT");
            String blob = w.ok(
                            "Encrypt",
                            body(
                                    "KeyId",
                                    source,
                                    "Plaintext",
                                    b64("message"),
                                    "EncryptionAlgorithm",
                                    "RSAES_OAEP_SHA_256"))
                    .get("CiphertextBlob")
                    .asText();
            return Map.of(
                    "test_re_encrypt",
                    w.call(
                            "ReEncrypt",
                            body(
                                    "CiphertextBlob",
                                    blob,
                                    "SourceKeyId",
                                    source,
                                    "DestinationKeyId",
                                    destination,
                                    "SourceEncryptionAlgorithm",
                                    "RSAES_OAEP_SHA_256",
                                    "DestinationEncryptionAlgorithm",
                                    "RSAES_OAEP_SHA_256")));
        });
        for (int bits : new int[] {224, 256, 384, 512}) {
            String spec = "HMAC_" + bits;
            String algorithm = "HMAC_SHA_" + bits;
            drivers.put("test_generate_and_verify_mac[" + spec + "-" + algorithm + "]", w -> {
                String key = w.createKey("KeySpec", spec, "KeyUsage", "GENERATE_VERIFY_MAC");
                String message = b64("some important message");
                JsonNode mac = w.call("GenerateMac", body("KeyId", key, "Message", message, "MacAlgorithm", algorithm));
                String macValue = mac.path("Mac").asText();
                return Map.of(
                        "generate-mac", mac,
                        "verify-mac",
                                w.call(
                                        "VerifyMac",
                                        body(
                                                "KeyId",
                                                key,
                                                "Message",
                                                message,
                                                "MacAlgorithm",
                                                algorithm,
                                                "Mac",
                                                macValue)),
                        "generate-mac-invalid-key-id",
                                w.call(
                                        "GenerateMac",
                                        body("KeyId", "key_id", "Message", message, "MacAlgorithm", algorithm)),
                        "verify-mac-invalid-key-id",
                                w.call(
                                        "VerifyMac",
                                        body(
                                                "KeyId",
                                                "key_id",
                                                "Message",
                                                message,
                                                "MacAlgorithm",
                                                algorithm,
                                                "Mac",
                                                macValue)));
            });
        }
        for (String[] c : new String[][] {{"HMAC_224", "HMAC_SHA_256"}, {"HMAC_256", "INVALID"}}) {
            drivers.put(
                    "test_invalid_generate_mac[" + c[0] + "-" + c[1] + "]",
                    w -> Map.of(
                            "generate-mac",
                            w.call(
                                    "GenerateMac",
                                    body(
                                            "KeyId",
                                            w.createKey("KeySpec", c[0], "KeyUsage", "GENERATE_VERIFY_MAC"),
                                            "Message",
                                            b64("some important message"),
                                            "MacAlgorithm",
                                            c[1]))));
        }
        for (String[] c : new String[][] {
            {"HMAC_SHA_256", "some different important message"},
            {"HMAC_SHA_512", "some important message"},
            {"INVALID", "some important message"}
        }) {
            drivers.put("test_invalid_verify_mac[HMAC_256-" + c[0] + "-" + c[1] + "]", w -> {
                String key = w.createKey("KeySpec", "HMAC_256", "KeyUsage", "GENERATE_VERIFY_MAC");
                JsonNode mac = w.call(
                        "GenerateMac",
                        body("KeyId", key, "Message", b64("some important message"), "MacAlgorithm", "HMAC_SHA_256"));
                return Map.of(
                        "generate-mac",
                        mac,
                        "verify-mac",
                        w.call(
                                "VerifyMac",
                                body(
                                        "KeyId",
                                        key,
                                        "Message",
                                        b64(c[1]),
                                        "MacAlgorithm",
                                        c[0],
                                        "Mac",
                                        mac.path("Mac").asText())));
            });
        }
        // The recordings take the peer's key from GetPublicKey; a local P-256 key stands in for it here.
        drivers.put("test_derive_shared_secret", w -> {
            String key = w.createKey("KeySpec", "ECC_NIST_P256", "KeyUsage", "KEY_AGREEMENT");
            String peer = localP256PublicKey();
            String signing = w.createKey("KeySpec", "ECC_NIST_P256", "KeyUsage", "SIGN_VERIFY");
            return Map.of(
                    "response", derive(w, key, "ECDH", peer),
                    "response-invalid-key-usage", derive(w, signing, "ECDH", peer),
                    "response-invalid-key-spec",
                            w.call("CreateKey", body("KeySpec", "RSA_2048", "KeyUsage", "KEY_AGREEMENT")),
                    "response-invalid-key-agreement-algo", derive(w, key, "INVALID", peer),
                    "response-invalid-key", derive(w, w.createKey(), "ECDH", peer),
                    "response-invalid-public-key", derive(w, key, "ECDH", b64("InvalidPublicKey")));
        });
        drivers.put(
                "test_derive_shared_secret_matches_openssl",
                w -> Map.of(
                        "derived-shared-key-resp",
                        derive(
                                w,
                                w.createKey("KeySpec", "ECC_NIST_P256", "KeyUsage", "KEY_AGREEMENT"),
                                "ECDH",
                                localP256PublicKey())));
    }

    private static JsonNode derive(Wire w, String keyId, String algorithm, String publicKey) {
        return w.call(
                "DeriveSharedSecret", body("KeyId", keyId, "KeyAgreementAlgorithm", algorithm, "PublicKey", publicKey));
    }

    private static String localP256PublicKey() {
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
            generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            return Base64.getEncoder()
                    .encodeToString(generator.generateKeyPair().getPublic().getEncoded());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Imports {@code material} into {@code keyId}, wrapped here as a user's tooling would; the raw response. */
    private static JsonNode importMaterial(Wire w, String keyId, byte[] material, Object... extra) {
        JsonNode parameters = w.ok(
                "GetParametersForImport",
                body("KeyId", keyId, "WrappingAlgorithm", "RSA_AES_KEY_WRAP_SHA_256", "WrappingKeySpec", "RSA_2048"));
        try {
            byte[] wrapped = ImportWrapping.wrap(
                    "RSA_AES_KEY_WRAP_SHA_256",
                    Base64.getDecoder().decode(parameters.get("PublicKey").asText()),
                    material);
            List<Object> members = new ArrayList<>(List.of(
                    "KeyId",
                    keyId,
                    "ImportToken",
                    parameters.get("ImportToken").asText(),
                    "EncryptedKeyMaterial",
                    Base64.getEncoder().encodeToString(wrapped),
                    "ExpirationModel",
                    "KEY_MATERIAL_DOES_NOT_EXPIRE"));
            members.addAll(List.of(extra));
            return w.call("ImportKeyMaterial", body(members.toArray()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] symmetricMaterial() {
        byte[] material = new byte[32];
        new SecureRandom().nextBytes(material);
        return material;
    }

    private static JsonNode describe(Wire w, String keyId) {
        return w.call("DescribeKey", body("KeyId", keyId));
    }

    private void addImportDrivers() {
        drivers.put("test_import_key_symmetric", w -> {
            JsonNode created = w.ok("CreateKey", body("Description", "imported", "Origin", "EXTERNAL"))
                    .get("KeyMetadata");
            String key = created.get("KeyId").asText();
            Map<String, JsonNode> out = new LinkedHashMap<>();
            out.put("created-key", created);
            out.put("encrypt-before-import-error", w.call("Encrypt", body("KeyId", key, "Plaintext", b64("hello"))));
            out.put("describe-key-before-import", describe(w, key));
            JsonNode parameters = w.ok(
                    "GetParametersForImport",
                    body("KeyId", key, "WrappingAlgorithm", "RSAES_OAEP_SHA_256", "WrappingKeySpec", "RSA_2048"));
            out.put(
                    "import-expiring-key-without-valid-to",
                    w.call(
                            "ImportKeyMaterial",
                            body(
                                    "KeyId",
                                    key,
                                    "ImportToken",
                                    parameters.get("ImportToken").asText(),
                                    "EncryptedKeyMaterial",
                                    b64("not even wrapped"),
                                    "ExpirationModel",
                                    "KEY_MATERIAL_EXPIRES")));
            importMaterial(w, key, symmetricMaterial());
            out.put("describe-key-after-import", describe(w, key));
            w.ok("DeleteImportedKeyMaterial", body("KeyId", key));
            out.put("describe-key-after-deleted-import", describe(w, key));
            out.put("encrypt-after-delete-error", w.call("Encrypt", body("KeyId", key, "Plaintext", b64("hello"))));
            return out;
        });
        drivers.put("test_import_key_asymmetric", w -> {
            JsonNode created = w.ok(
                            "CreateKey",
                            body(
                                    "Description",
                                    "imported",
                                    "Origin",
                                    "EXTERNAL",
                                    "KeySpec",
                                    "ECC_NIST_P256",
                                    "KeyUsage",
                                    "SIGN_VERIFY"))
                    .get("KeyMetadata");
            String key = created.get("KeyId").asText();
            Map<String, JsonNode> out = new LinkedHashMap<>();
            out.put("created-key", created);
            out.put("describe-key-before-import", describe(w, key));
            importMaterial(w, key, privateKey(DataKeyPairSpec.ECC_NIST_P256));
            out.put("describe-key-after-import", describe(w, key));
            w.ok("DeleteImportedKeyMaterial", body("KeyId", key));
            out.put("describe-key-after-deleted-import", describe(w, key));
            return out;
        });
        drivers.put("test_import_key_rsa_aes_wrap_sha256", w -> {
            String key = w.createKey(
                    "Description",
                    "test-key",
                    "Origin",
                    "EXTERNAL",
                    "KeySpec",
                    "RSA_4096",
                    "KeyUsage",
                    "ENCRYPT_DECRYPT");
            Map<String, JsonNode> out = new LinkedHashMap<>();
            out.put("describe-before-import", describe(w, key));
            importMaterial(w, key, privateKey(DataKeyPairSpec.RSA_4096));
            out.put("import-key-material-response", describe(w, key));
            w.ok("DeleteImportedKeyMaterial", body("KeyId", key));
            out.put("describe-key-after-deleted-import", describe(w, key));
            return out;
        });
        for (String spec : List.of("ECC_NIST_P256", "ECC_NIST_P384", "ECC_SECG_P256K1", "ECC_NIST_P521")) {
            drivers.put(
                    "test_import_key_ecc_keys[" + spec + "]",
                    w -> importAndDelete(
                            w,
                            "test ecc key import",
                            spec,
                            "SIGN_VERIFY",
                            privateKey(DataKeyPairSpec.valueOf(spec)),
                            (key, out) -> {
                                String algorithm = spec.equals("ECC_NIST_P384")
                                        ? "ECDSA_SHA_384"
                                        : spec.equals("ECC_NIST_P521") ? "ECDSA_SHA_512" : "ECDSA_SHA_256";
                                String message = b64("test message 123 !%$@ 1234567890");
                                JsonNode signed = w.call(
                                        "Sign", body("KeyId", key, "Message", message, "SigningAlgorithm", algorithm));
                                out.put("sign-result", signed);
                                out.put(
                                        "verify-result",
                                        w.call(
                                                "Verify",
                                                body(
                                                        "KeyId",
                                                        key,
                                                        "Message",
                                                        message,
                                                        "SigningAlgorithm",
                                                        algorithm,
                                                        "Signature",
                                                        signed.path("Signature").asText())));
                            }));
        }
        for (int bits : new int[] {224, 256, 384, 512}) {
            byte[] material = new byte[bits / 8];
            new SecureRandom().nextBytes(material);
            drivers.put(
                    "test_import_key_hmac_keys[HMAC_" + bits + "]",
                    w -> importAndDelete(
                            w, "test import hmac key", "HMAC_" + bits, "GENERATE_VERIFY_MAC", material, (key, out) -> {
                                String algorithm = "HMAC_SHA_" + bits;
                                String message = b64("some important message");
                                JsonNode mac = w.call(
                                        "GenerateMac",
                                        body("KeyId", key, "Message", message, "MacAlgorithm", algorithm));
                                out.put("generate-mac-response", mac);
                                out.put(
                                        "verify-mac-response",
                                        w.call(
                                                "VerifyMac",
                                                body(
                                                        "KeyId",
                                                        key,
                                                        "Message",
                                                        message,
                                                        "MacAlgorithm",
                                                        algorithm,
                                                        "Mac",
                                                        mac.path("Mac").asText())));
                            }));
        }
        drivers.put(
                "test_get_parameters_for_import",
                w -> Map.of(
                        "response-error",
                        w.call(
                                "GetParametersForImport",
                                body(
                                        "KeyId",
                                        w.createKey(),
                                        "WrappingAlgorithm",
                                        "RSAES_OAEP_SHA_256",
                                        "WrappingKeySpec",
                                        "RSA_4096"))));
        drivers.put(
                "test_get_parameters_for_import_raises_for_non_external_kms_keys",
                w -> Map.of(
                        "get-import-parameters-error",
                        w.call(
                                "GetParametersForImport",
                                body(
                                        "KeyId",
                                        w.createKey(),
                                        "WrappingAlgorithm",
                                        "RSAES_OAEP_SHA_256",
                                        "WrappingKeySpec",
                                        "RSA_2048"))));
        drivers.put("test_rotate_key_on_demand_updates_current_key_material_for_external_keys", w -> {
            JsonNode created = w.ok("CreateKey", body("Description", "test-key", "Origin", "EXTERNAL"))
                    .get("KeyMetadata");
            String key = created.get("KeyId").asText();
            Map<String, JsonNode> out = new LinkedHashMap<>();
            out.put("create-kms-external-key", created);
            out.put(
                    "get-import-parameters-response",
                    w.call(
                            "GetParametersForImport",
                            body(
                                    "KeyId",
                                    key,
                                    "WrappingAlgorithm",
                                    "RSAES_OAEP_SHA_256",
                                    "WrappingKeySpec",
                                    "RSA_2048")));
            out.put("describe-empty-key-response", describe(w, key));
            out.put("import-key-material-response", importMaterial(w, key, symmetricMaterial()));
            out.put("describe-key-with-material-response", describe(w, key));
            out.put("kms-encrypt-initial-response", w.call("Encrypt", body("KeyId", key, "Plaintext", b64("data"))));
            out.put(
                    "import-new-key-material-response",
                    importMaterial(w, key, symmetricMaterial(), "ImportType", "NEW_KEY_MATERIAL"));
            out.put("describe-key-with-new-material-response", describe(w, key));
            out.put("rotate-key-on-demand-response", w.call("RotateKeyOnDemand", body("KeyId", key)));
            out.put("describe-key-after-rotation", describe(w, key));
            out.put(
                    "kms-encrypt-rotated-key-response",
                    w.call("Encrypt", body("KeyId", key, "Plaintext", b64("data"))));
            return out;
        });
        drivers.put("test_import_key_material_raises_if_there_is_already_key_material_pending", w -> {
            String key = w.createKey("Origin", "EXTERNAL");
            Map<String, JsonNode> out = new LinkedHashMap<>();
            out.put("import-initial-material-response", importMaterial(w, key, symmetricMaterial()));
            out.put(
                    "import-pending-material-response",
                    importMaterial(w, key, symmetricMaterial(), "ImportType", "NEW_KEY_MATERIAL"));
            out.put(
                    "existing-pending-material-error",
                    importMaterial(w, key, symmetricMaterial(), "ImportType", "NEW_KEY_MATERIAL"));
            return out;
        });
        drivers.put("test_rotate_key_on_demand_for_external_keys_decrypts_with_previous_material", w -> {
            JsonNode created = w.ok("CreateKey", body("Description", "test-key", "Origin", "EXTERNAL"))
                    .get("KeyMetadata");
            String key = created.get("KeyId").asText();
            Map<String, JsonNode> out = new LinkedHashMap<>();
            out.put("create-kms-external-key", created);
            out.put("import-key-material-response", importMaterial(w, key, symmetricMaterial()));
            JsonNode encrypted = w.call("Encrypt", body("KeyId", key, "Plaintext", b64("data")));
            out.put("kms-encrypt-initial-response", encrypted);
            importMaterial(w, key, symmetricMaterial(), "ImportType", "NEW_KEY_MATERIAL");
            out.put("rotate-key-on-demand-response", w.call("RotateKeyOnDemand", body("KeyId", key)));
            // The recorded test then decrypts with the previous material; so must Keysmith.
            w.ok(
                    "Decrypt",
                    body("CiphertextBlob", encrypted.get("CiphertextBlob").asText()));
            return out;
        });
        drivers.put("test_rotate_key_on_demand_raises_for_no_pending_key_material", w -> {
            String key = w.createKey("Origin", "EXTERNAL");
            importMaterial(w, key, symmetricMaterial());
            return Map.of("rotate-key-on-demand-invalid-state-error", w.call("RotateKeyOnDemand", body("KeyId", key)));
        });
    }

    /** Imports {@code material}, uses the key ({@code use} adds the recorded calls it makes), then deletes it. */
    private static Map<String, JsonNode> importAndDelete(
            Wire w,
            String description,
            String spec,
            String usage,
            byte[] material,
            java.util.function.BiConsumer<String, Map<String, JsonNode>> use) {
        String key = w.createKey("Description", description, "Origin", "EXTERNAL", "KeySpec", spec, "KeyUsage", usage);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        out.put("describe-key-before-import", describe(w, key));
        importMaterial(w, key, material);
        out.put("describe-key-after-import", describe(w, key));
        use.accept(key, out);
        w.ok("DeleteImportedKeyMaterial", body("KeyId", key));
        out.put("describe-key-after-deleted-import", describe(w, key));
        return out;
    }

    private static byte[] privateKey(DataKeyPairSpec spec) {
        return spec.generate(new SecureRandom()).privateKey().reveal();
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static List<Map<String, String>> tags(Object... keyValues) {
        List<Map<String, String>> tags = new ArrayList<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            tags.add(Map.of("TagKey", (String) keyValues[i], "TagValue", (String) keyValues[i + 1]));
        }
        return tags;
    }

    @Test
    void everyApplicableRecordedAwsResponseIsReproduced() throws Exception {
        // Given: the responses recorded from AWS KMS
        Path file = Path.of(System.getProperty("keysmith.reference.dir"), "aws-kms-recorded-responses.json");
        JsonNode recorded = Wire.JSON.readTree(Files.readString(file));
        int applicable = 0;
        int passed = 0;
        Map<String, Integer> skipped = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        List<String> undriven = new ArrayList<>();

        // When: each applicable recorded call is driven against Keysmith and its response matched
        Iterator<Map.Entry<String, JsonNode>> tests = recorded.fields();
        while (tests.hasNext()) {
            Map.Entry<String, JsonNode> test = tests.next();
            String name = test.getKey().substring(test.getKey().lastIndexOf("::") + 2);
            JsonNode calls = test.getValue().get("recorded-content");
            Map<String, JsonNode> actual = null;
            SnapshotMatcher matcher = new SnapshotMatcher(REGION);
            Iterator<Map.Entry<String, JsonNode>> entries = calls.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> call = entries.next();
                String reason = reasonNotApplicable(name, call.getKey());
                if (reason != null) {
                    skipped.merge(reason, 1, Integer::sum);
                    continue;
                }
                applicable++;
                if (!drivers.containsKey(name)) {
                    undriven.add(name + "/" + call.getKey());
                    continue;
                }
                if (actual == null) {
                    actual = drivers.get(name).apply(wire);
                }
                int before = matcher.mismatches().size();
                matcher.match(name + "/" + call.getKey(), call.getValue(), actual.get(call.getKey()));
                if (matcher.mismatches().size() == before) {
                    passed++;
                }
            }
            failures.addAll(matcher.mismatches());
        }

        // Then: every such call has a driver and matches
        int recordedCalls = applicable
                + skipped.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf(
                "conformance: passed %d of %d recorded calls (%d apply to what Keysmith implements)%n",
                passed, recordedCalls, applicable);
        skipped.forEach((reason, count) -> System.out.printf("  not applicable: %d (%s)%n", count, reason));
        failures.forEach(f -> System.out.println("  MISMATCH " + f));
        undriven.forEach(u -> System.out.println("  NO DRIVER " + u));
        assertTrue(undriven.isEmpty(), "recorded calls of implemented operations with no driver: " + undriven);
        assertEquals(List.of(), failures);
        assertEquals(applicable, passed);
    }

    private static String reasonNotApplicable(String test, String call) {
        return NOT_APPLICABLE.entrySet().stream()
                .filter(e -> (test + "/" + call).startsWith(e.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }
}
