package io.keysmith.core;

import io.keysmith.core.KeyResolver.Use;
import io.keysmith.core.errors.InvalidKeyUsageException;
import io.keysmith.core.errors.KmsInvalidMacException;
import io.keysmith.policy.RequestContext;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GenerateMac and VerifyMac with an HMAC KMS key, whose material is the HMAC key itself. Checks in AWS's order:
 * resolve, authorize, the key's state, its usage, the algorithm against its spec, then DryRun.
 */
public final class MacService {
    private final KeyResolver resolver;
    private final MaterialVault vault;

    MacService(KeyResolver resolver, MaterialVault vault) {
        this.resolver = resolver;
        this.vault = vault;
    }

    public MacResult generateMac(MacRequest request) {
        KeyRecord key = macKey("GenerateMac", request);
        return new MacResult(resolver.arn(key), mac(key, request), request.algorithm());
    }

    /** The key's ARN when the MAC matches; KMSInvalidMacException otherwise. */
    public String verifyMac(MacRequest request, byte[] expectedMac) {
        KeyRecord key = macKey("VerifyMac", request);
        byte[] actual = mac(key, request);
        if (!MessageDigest.isEqual(actual, expectedMac)) {
            throw new KmsInvalidMacException("");
        }
        return resolver.arn(key);
    }

    private KeyRecord macKey(String operation, MacRequest request) {
        Consumer<RequestContext.Builder> conditions =
                r -> r.key("kms:MacAlgorithm", request.algorithm().name());
        KeyRecord key = resolver.authorized(request.keyId(), Use.OPERATE, operation, conditions);
        if (key.keyUsage() != KeyUsage.GENERATE_VERIFY_MAC) {
            throw new InvalidKeyUsageException(resolver.arn(key) + " key usage is " + key.keyUsage()
                    + " which is not valid for " + operation + ".");
        }
        if (request.algorithm().keySpec() != key.keySpec()) {
            throw new InvalidKeyUsageException(
                    "Algorithm " + request.algorithm() + " is incompatible with key spec " + key.keySpec() + ".");
        }
        CryptoService.requireNoDryRun(request.dryRun());
        return key;
    }

    private byte[] mac(KeyRecord key, MacRequest request) {
        try (KeyMaterial material = vault.current(key)) {
            return hmac(
                    request.algorithm(),
                    material.secret().reveal(),
                    request.message().reveal());
        }
    }

    /** The HMAC itself, apart from any key record: what the unit tests check against published vectors. */
    static byte[] hmac(MacAlgorithm algorithm, byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(algorithm.jcaName());
            mac.init(new SecretKeySpec(key, algorithm.jcaName()));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot compute " + algorithm, e);
        }
    }
}
