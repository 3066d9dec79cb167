package io.keysmith.enclave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
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
    private static final HexFormat HEX = HexFormat.of();

    private static JsonNode vectors() throws Exception {
        try (InputStream in = WycheproofEcdsaP384Test.class.getResourceAsStream(
                "/wycheproof/ecdsa_secp384r1_sha384_p1363_test.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @TestFactory
    List<DynamicTest> everyVector() throws Exception {
        JsonNode file = vectors();
        List<DynamicTest> tests = new ArrayList<>();
        int valid = 0;
        int invalid = 0;
        for (JsonNode group : file.get("testGroups")) {
            assertEquals("secp384r1", group.get("publicKey").get("curve").asText());
            assertEquals("SHA-384", group.get("sha").asText());
            PublicKey key = KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(
                            HEX.parseHex(group.get("publicKeyDer").asText())));
            assertEquals(
                    384, ((ECPublicKey) key).getParams().getCurve().getField().getFieldSize());
            for (JsonNode vector : group.get("tests")) {
                String result = vector.get("result").asText();
                String name = "tcId " + vector.get("tcId").asInt() + " " + result + " "
                        + vector.get("comment").asText();
                byte[] msg = HEX.parseHex(vector.get("msg").asText());
                byte[] sig = HEX.parseHex(vector.get("sig").asText());
                if (result.equals("valid")) {
                    valid++;
                    tests.add(DynamicTest.dynamicTest(
                            name, () -> assertTrue(AttestationVerifier.es384Verifies(key, msg, sig))));
                } else {
                    assertEquals("invalid", result, name);
                    invalid++;
                    tests.add(DynamicTest.dynamicTest(
                            name, () -> assertFalse(AttestationVerifier.es384Verifies(key, msg, sig))));
                }
            }
        }
        System.out.printf("Wycheproof ECDSA P-384 (P1363): %d valid and %d invalid vectors%n", valid, invalid);
        assertEquals(file.get("numberOfTests").asInt(), tests.size(), "vectors in the file");
        assertTrue(valid > 0 && invalid > 0, valid + " valid, " + invalid + " invalid");
        return tests;
    }
}
