package io.keysmith.rootkey;

import java.util.Map;

/**
 * How the DynamoDB root key's 32 bytes are protected at rest in their table. {@code kms}: sealed
 * under a customer-managed AWS KMS key, so reading the root key takes two independent permissions
 * (the table's GetItem and the key's Decrypt). {@code none}: the bytes lie in the item as they are.
 */
public interface RootKeyEnvelope {
    String NONE = "none";
    String KMS = "kms";

    /** {@link #NONE} or {@link #KMS}; recorded in the item so that a reader refuses an item of another kind. */
    String protection();

    /** The sealing key's id, or null when there is none; recorded in the item for the operator. */
    String keyId();

    byte[] seal(byte[] rootKey, Map<String, String> context);

    /** Opens sealed bytes; throws a RuntimeException when they do not open under this envelope's key and context. */
    byte[] open(byte[] sealed, Map<String, String> context);

    /** Today's layout: no envelope. */
    static RootKeyEnvelope none() {
        return new RootKeyEnvelope() {
            @Override
            public String protection() {
                return NONE;
            }

            @Override
            public String keyId() {
                return null;
            }

            @Override
            public byte[] seal(byte[] rootKey, Map<String, String> context) {
                return rootKey.clone();
            }

            @Override
            public byte[] open(byte[] sealed, Map<String, String> context) {
                return sealed.clone();
            }
        };
    }
}
