package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.kms.model.CustomKeyStoreNotFoundException;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/** Through the AWS SDK: inputs Keysmith cannot honour are refused with AWS's errors, and nothing is created. */
class RefusedInputIT extends AgainstInMemoryRunner {

    private static void assertCode(String code, Executable call) {
        KmsException e = assertThrows(KmsException.class, call);
        assertEquals(400, e.statusCode());
        assertEquals(code, e.awsErrorDetails().errorCode());
    }

    @Test
    void createKeyInputsThatCannotBeHonoured() {
        int before = keysmith.kms.listKeys().keys().size();
        assertCode("UnsupportedOperationException", () -> keysmith.kms.createKey(b -> b.multiRegion(true)));
        assertThrows(
                CustomKeyStoreNotFoundException.class,
                () -> keysmith.kms.createKey(b -> b.customKeyStoreId("cks-1234567890abcdef0")));
        assertCode("ValidationException", () -> keysmith.kms.createKey(b -> b.xksKeyId("external-key-1")));
        assertCode(
                "ValidationException",
                () -> keysmith.kms.createKey(
                        b -> b.keySpec(KeySpec.SYMMETRIC_DEFAULT).customerMasterKeySpec("RSA_2048")));
        assertThrows(
                CustomKeyStoreNotFoundException.class,
                () -> keysmith.kms.generateRandom(b -> b.numberOfBytes(16).customKeyStoreId("cks-1")));
        assertEquals(before, keysmith.kms.listKeys().keys().size());
    }

    @Test
    void aliasesWithoutAName() {
        String keyId = keysmith.kms.createKey(b -> {}).keyMetadata().keyId();
        assertCode(
                "ValidationException",
                () -> keysmith.kms.createAlias(b -> b.aliasName("alias/").targetKeyId(keyId)));
        assertEquals(0, keysmith.kms.listAliases(b -> b.keyId(keyId)).aliases().size());
    }

    @Test
    void anOverlongAliasAsKeyIdIsNotFound() {
        String name = "alias/" + "a".repeat(2042);
        NotFoundException e = assertThrows(NotFoundException.class, () -> keysmith.kms.describeKey(b -> b.keyId(name)));
        assertEquals(400, e.statusCode());
    }
}
