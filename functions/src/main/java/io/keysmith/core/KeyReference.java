package io.keysmith.core;

import io.keysmith.core.errors.NotFoundException;
import java.util.regex.Pattern;

/**
 * What a caller's {@code KeyId} names: a key (by id or key ARN) or an alias (by name or alias ARN).
 * Parsing follows AWS's answers: a malformed key id is "Invalid keyId", an ARN of another region
 * is "Invalid arn".
 */
record KeyReference(String keyId, String aliasName) {
    /** A UUID, or a multi-Region key id: {@code mrk-} and 32 hex digits. */
    private static final Pattern KEY_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}");

    boolean isAlias() {
        return aliasName != null;
    }

    static KeyReference parse(String input, KmsLocation location) {
        if (input.startsWith("alias/")) {
            return new KeyReference(null, input);
        }
        if (input.startsWith("arn:")) {
            return parseArn(input, location);
        }
        if (!isKeyId(input)) {
            throw new NotFoundException("Invalid keyId '" + input + "'");
        }
        return new KeyReference(input, null);
    }

    static boolean isKeyId(String value) {
        return KEY_ID.matcher(value).matches();
    }

    private static KeyReference parseArn(String arn, KmsLocation location) {
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[2].equals("kms") || !parts[1].equals(location.partition())) {
            throw new NotFoundException("Invalid arn " + arn);
        }
        if (!parts[3].equals(location.region())) {
            throw new NotFoundException("Invalid arn " + parts[3]);
        }
        String resource = parts[5];
        if (resource.startsWith("alias/")) {
            if (!parts[4].equals(location.account())) {
                throw new NotFoundException("Alias " + arn + " is not found.");
            }
            return new KeyReference(null, resource);
        }
        if (resource.startsWith("key/")) {
            String keyId = resource.substring(4);
            if (!isKeyId(keyId)) {
                throw new NotFoundException("Invalid keyId '" + keyId + "'");
            }
            if (!parts[4].equals(location.account())) {
                throw new NotFoundException("Key '" + arn + "' does not exist");
            }
            return new KeyReference(keyId, null);
        }
        throw new NotFoundException("Invalid arn " + arn);
    }
}
