package io.keysmith.enclave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.core.Wycheproof;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof's ECDSA P-384 / SHA-384 vectors in IEEE P1363 form (raw r || s; test resource
 * wycheproof/ecdsa_secp384r1_sha384_p1363_test.json, see its NOTICE), the form in which a Nitro attestation's
 * COSE_Sign1 carries its ES384 signature: every valid signature verifies, every invalid one is refused.
 *
 * <p>They run through {@link AttestationVerifier#es384Verifies}, the check the verifier applies to a document's
 * Sig_structure.
 */
class WycheproofEcdsaP384Test {
    @TestFactory
    List<DynamicTest> everyVector() throws Exception {
        return Wycheproof.everyVector("ecdsa_secp384r1_sha384_p1363_test.json", "ECDSA P-384 (P1363)", group -> {
            assertEquals("secp384r1", group.get("publicKey").get("curve").asText());
            assertEquals("SHA-384", group.get("sha").asText());
            PublicKey key = KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(Wycheproof.hex(group, "publicKeyDer")));
            assertEquals(
                    384, ((ECPublicKey) key).getParams().getCurve().getField().getFieldSize());
            return (vector, valid) -> {
                byte[] msg = Wycheproof.hex(vector, "msg");
                byte[] sig = Wycheproof.hex(vector, "sig");
                if (valid) {
                    assertTrue(AttestationVerifier.es384Verifies(key, msg, sig));
                } else {
                    assertFalse(AttestationVerifier.es384Verifies(key, msg, sig));
                }
            };
        });
    }
}
