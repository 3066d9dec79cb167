package io.keysmith.core;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * How key material is wrapped by a root key. Each stored material records its format:
 * <ul>
 *   <li><b>1</b>: AES-256-GCM under the root key itself: in the HSM (whose AES-GCM encryption
 *       CloudHSM does with an IV of its own choosing, so it is no longer written), or with the
 *       DynamoDB root key's bytes. Only opened, until a migration rewraps it.</li>
 *   <li><b>2</b>: the root key derives a wrapping key for this one material ({@link RootKey#derive},
 *       label {@code keysmith/v2/material-wrap}, context key id : material id), and AES-256-GCM
 *       runs in the JVM with it and a random IV; the derived key is wiped after use.</li>
 * </ul>
 * Both bind the wrap to its key and material with AAD = purpose || key id || material id.
 */
public final class MaterialWraps {
    public static final int FORMAT_1 = 1;
    public static final int FORMAT_2 = 2;
    /** What new material, and a migration, writes. */
    public static final int CURRENT = FORMAT_2;

    private static final byte[] MATERIAL_PURPOSE = "keysmith/v1/material".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WRAP_LABEL = "keysmith/v2/material-wrap".getBytes(StandardCharsets.US_ASCII);

    private MaterialWraps() {}

    /** Wraps {@code material} of key {@code keyId} in the current format. */
    static byte[] wrap(RootKey rootKey, String keyId, String materialId, SecretBytes material, SecureRandom random) {
        try (SecretBytes wrappingKey = rootKey.derive(WRAP_LABEL, context(keyId, materialId))) {
            return AesGcm.sealFramed(wrappingKey.reveal(), random, material.reveal(), aad(keyId, materialId));
        }
    }

    /**
     * Opens a stored material with {@code rootKey}, which must be the root key it names.
     *
     * @throws AesGcm.NotAuthenticException when the wrap does not open: altered, or not this root key's
     */
    static SecretBytes unwrap(RootKey rootKey, WrappedMaterial material) {
        byte[] aad = aad(material.keyId(), material.materialId());
        return switch (material.wrapFormat()) {
            case FORMAT_1 -> rootKey.unwrapFormat1(material.wrapped(), aad);
            case FORMAT_2 -> {
                try (SecretBytes wrappingKey =
                        rootKey.derive(WRAP_LABEL, context(material.keyId(), material.materialId()))) {
                    yield new SecretBytes(AesGcm.openFramed(wrappingKey.reveal(), material.wrapped(), aad));
                }
            }
            default ->
                throw new IllegalStateException("material " + material.materialId() + " has wrap format "
                        + material.wrapFormat() + ", which this version of Keysmith does not know");
        };
    }

    private static byte[] context(String keyId, String materialId) {
        return (keyId + ":" + materialId).getBytes(StandardCharsets.US_ASCII);
    }

    /** AAD binding wrapped material to its key and version: purpose || key id || material id. */
    static byte[] aad(String keyId, String materialId) {
        byte[] ids = (keyId + materialId).getBytes(StandardCharsets.US_ASCII);
        byte[] aad = Arrays.copyOf(MATERIAL_PURPOSE, MATERIAL_PURPOSE.length + ids.length);
        System.arraycopy(ids, 0, aad, MATERIAL_PURPOSE.length, ids.length);
        return aad;
    }
}
