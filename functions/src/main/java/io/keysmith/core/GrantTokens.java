package io.keysmith.core;

import io.keysmith.core.errors.InvalidGrantTokenException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Grant tokens: version (1 byte), key id (16, a UUID), grant id (32, its hex decoded), a random nonce (16, so that
 * every CreateGrant returns a new token) and an HMAC-SHA256 (32) over all of that, base64url without padding. The
 * MAC key is derived from the root key for this use alone (label {@code keysmith/v1/grant-token-key}), once, and
 * kept. A token proves only that Keysmith issued it for that grant of that key; whether the grant still exists is
 * the store's to say.
 */
final class GrantTokens {
    private static final byte VERSION = 1;
    private static final int GRANT_ID_BYTES = 32;
    private static final int NONCE_BYTES = 16;
    private static final int MAC_BYTES = 32;
    private static final int BODY_BYTES = 1 + 16 + GRANT_ID_BYTES + NONCE_BYTES;
    private final DerivedKey key;
    private final Randomness randomness;

    GrantTokens(RootKey rootKey, Randomness randomness) {
        this.key = new DerivedKey(rootKey, "keysmith/v1/grant-token-key");
        this.randomness = randomness;
    }

    /** The grant a valid token names. */
    record Claims(String keyId, String grantId) {}

    String issue(String keyId, String grantId) {
        UUID key = UUID.fromString(keyId);
        ByteBuffer body = ByteBuffer.allocate(BODY_BYTES + MAC_BYTES)
                .put(VERSION)
                .putLong(key.getMostSignificantBits())
                .putLong(key.getLeastSignificantBits())
                .put(HexFormat.of().parseHex(grantId))
                .put(randomness.bytes(NONCE_BYTES));
        body.put(mac(body.array()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(body.array());
    }

    /**
     * The key and grant a token names.
     *
     * @throws InvalidGrantTokenException when it is not a token this deployment issued, intact
     */
    Claims open(String token) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException notBase64) {
            throw invalid();
        }
        if (bytes.length != BODY_BYTES + MAC_BYTES || bytes[0] != VERSION) {
            throw invalid();
        }
        byte[] expected = mac(bytes);
        byte[] given = new byte[MAC_BYTES];
        System.arraycopy(bytes, BODY_BYTES, given, 0, MAC_BYTES);
        if (!MessageDigest.isEqual(expected, given)) { // constant time
            throw invalid();
        }
        ByteBuffer body = ByteBuffer.wrap(bytes, 1, BODY_BYTES - 1);
        String keyId = new UUID(body.getLong(), body.getLong()).toString();
        byte[] grantId = new byte[GRANT_ID_BYTES];
        body.get(grantId);
        return new Claims(keyId, HexFormat.of().formatHex(grantId));
    }

    /** The error for any token that does not open; it never says which part was wrong, nor echoes the token. */
    static InvalidGrantTokenException invalid() {
        return new InvalidGrantTokenException("Invalid grant token.");
    }

    private byte[] mac(byte[] token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.reveal(), "HmacSHA256"));
            mac.update(token, 0, BODY_BYTES);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from the JDK", e);
        }
    }
}
