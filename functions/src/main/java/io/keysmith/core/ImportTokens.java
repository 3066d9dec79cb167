package io.keysmith.core;

import io.keysmith.core.errors.InvalidImportTokenException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * Import tokens: each carries the private key of one wrapping key pair, sealed with AES-256-GCM under a key the root
 * key derives for tokens alone ({@code keysmith/v1/import-token-key}), so nothing of an import waits in storage and
 * the private key exists only sealed. The header (version, key id, wrapping algorithm and spec, valid-to) is the
 * AAD: an altered or forged token does not open, and a token names the one key it was issued for.
 *
 * <pre>
 * 1  version (0x01)
 * 16 key id (UUID)
 * 8  valid-to, epoch milliseconds
 * 1+ wrapping algorithm: its length, then its name in ASCII
 * 1+ wrapping key spec: its length, then its name in ASCII
 * n  IV (12) || AES-256-GCM(PKCS#8 private key) || tag (16)
 * </pre>
 */
final class ImportTokens {
    private static final byte VERSION = 1;
    private static final int FIXED_LENGTH = 1 + 16 + 8;

    private final DerivedKey tokenKey;
    private final Randomness randomness;

    ImportTokens(RootKey rootKey, Randomness randomness) {
        this.tokenKey = new DerivedKey(rootKey, "keysmith/v1/import-token-key");
        this.randomness = randomness;
    }

    /** A fresh wrapping key pair's public key, and the token that holds its private key. */
    record Issued(byte[] token, byte[] publicKey) {}

    /** What a token holds once it is shown to be ours; close it to wipe the private key. */
    record Opened(
            String keyId,
            WrappingAlgorithm algorithm,
            WrappingKeySpec wrappingKeySpec,
            Instant validTo,
            SecretBytes privateKey)
            implements AutoCloseable {
        @Override
        public void close() {
            privateKey.close();
        }

        @Override
        public String toString() {
            return "ImportToken[" + keyId + ", " + algorithm + ", " + wrappingKeySpec + ", redacted]";
        }
    }

    Issued issue(String keyId, WrappingAlgorithm algorithm, WrappingKeySpec spec, Instant validTo) {
        DataKeyPairSpec.GeneratedKeyPair pair = spec.pair().generate(randomness.generator());
        try (SecretBytes privateKey = pair.privateKey()) {
            UUID id = UUID.fromString(keyId);
            byte[] algorithmName = algorithm.name().getBytes(StandardCharsets.US_ASCII);
            byte[] specName = spec.name().getBytes(StandardCharsets.US_ASCII);
            byte[] header = ByteBuffer.allocate(FIXED_LENGTH + 2 + algorithmName.length + specName.length)
                    .put(VERSION)
                    .putLong(id.getMostSignificantBits())
                    .putLong(id.getLeastSignificantBits())
                    .putLong(validTo.toEpochMilli())
                    .put((byte) algorithmName.length)
                    .put(algorithmName)
                    .put((byte) specName.length)
                    .put(specName)
                    .array();
            byte[] sealed = AesGcm.sealFramed(tokenKey.reveal(), randomness.generator(), privateKey.reveal(), header);
            byte[] token = Arrays.copyOf(header, header.length + sealed.length);
            System.arraycopy(sealed, 0, token, header.length, sealed.length);
            return new Issued(token, pair.publicKey());
        }
    }

    /** The token's contents; InvalidImportTokenException for anything we did not issue, or altered. */
    Opened open(byte[] token) {
        if (token.length < FIXED_LENGTH + 2 || token[0] != VERSION) {
            throw invalid();
        }
        ByteBuffer in = ByteBuffer.wrap(token);
        in.get();
        UUID keyId = new UUID(in.getLong(), in.getLong());
        Instant validTo = Instant.ofEpochMilli(in.getLong());
        String algorithm = name(in);
        String spec = name(in);
        int headerLength = in.position();
        if (token.length < headerLength + AesGcm.IV_LENGTH + AesGcm.TAG_LENGTH) {
            throw invalid();
        }
        byte[] privateKey;
        try {
            privateKey = AesGcm.openFramed(
                    tokenKey.reveal(),
                    Arrays.copyOfRange(token, headerLength, token.length),
                    Arrays.copyOf(token, headerLength));
        } catch (AesGcm.NotAuthenticException e) {
            throw invalid();
        }
        // Authentic, so written by issue(): the names are the enums' own.
        return new Opened(
                keyId.toString(),
                WrappingAlgorithm.valueOf(algorithm),
                WrappingKeySpec.valueOf(spec),
                validTo,
                new SecretBytes(privateKey));
    }

    private static String name(ByteBuffer in) {
        if (!in.hasRemaining()) {
            throw invalid();
        }
        int length = in.get();
        if (length < 0 || length > in.remaining()) {
            throw invalid();
        }
        byte[] name = new byte[length];
        in.get(name);
        return new String(name, StandardCharsets.US_ASCII);
    }

    static InvalidImportTokenException invalid() {
        return new InvalidImportTokenException(
                "The import token is invalid or is associated with a different KMS key.");
    }
}
