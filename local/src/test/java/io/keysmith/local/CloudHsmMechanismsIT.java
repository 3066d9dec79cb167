package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs last in the pkcs11-spy Failsafe execution, after the HSM suite (Pkcs11RootKeyIT, Pkcs11RootKeyContractIT,
 * Pkcs11StartupIT and DataKeyPairIT in pkcs11 mode) has gone through OpenSC's pkcs11-spy, and reads the spy's log of
 * every PKCS#11 call: each mechanism Keysmith asked the token for must be one that AWS CloudHSM
 * documents, and no encryption may pass an IV of its own (CloudHSM ignores it and picks its own).
 */
@Order(Integer.MAX_VALUE) // the execution orders classes with ClassOrderer.OrderAnnotation: this one last
class CloudHsmMechanismsIT {
    /**
     * Mechanisms that AWS CloudHSM documents for its PKCS#11 library (Client SDK 5), from "Supported
     * mechanisms for the PKCS #11 library for AWS CloudHSM Client SDK 5",
     * https://docs.aws.amazon.com/cloudhsm/latest/userguide/pkcs11-mechanisms.html: the sections
     * "Generate key and key pair functions", "Sign and verify functions" (HMAC) and "Encrypt and
     * decrypt functions" (AES). Only the symmetric-key part that concerns a root key is copied here.
     */
    static final Set<String> CLOUDHSM_DOCUMENTED = Set.of(
            // Generate key and key pair functions
            "CKM_RSA_PKCS_KEY_PAIR_GEN",
            "CKM_RSA_X9_31_KEY_PAIR_GEN",
            "CKM_EC_KEY_PAIR_GEN",
            "CKM_GENERIC_SECRET_KEY_GEN",
            "CKM_AES_KEY_GEN",
            // Sign and verify functions: HMAC
            "CKM_SHA_1_HMAC",
            "CKM_SHA224_HMAC",
            "CKM_SHA256_HMAC",
            "CKM_SHA384_HMAC",
            "CKM_SHA512_HMAC",
            // Encrypt and decrypt functions: AES (AES-GCM encryption with an IV of the HSM's own choosing)
            "CKM_AES_CBC",
            "CKM_AES_CBC_PAD",
            "CKM_AES_ECB",
            "CKM_AES_CTR",
            "CKM_AES_GCM");

    /** The mechanisms Keysmith's HSM suite is expected to use: HMAC as a PRF, and generating that HMAC key. */
    private static final Set<String> EXPECTED = Set.of("CKM_SHA256_HMAC", "CKM_GENERIC_SECRET_KEY_GEN");

    private static final Pattern CALL = Pattern.compile("^\\d+: (C_\\w+)\\s*$", Pattern.MULTILINE);
    private static final Pattern MECHANISM = Pattern.compile("pMechanism->type = (\\w+)");

    /** One PKCS#11 call in the spy's log: its function and the text the spy wrote for it. */
    private record Call(String function, String text) {}

    private static List<Call> calls() throws Exception {
        String log = Files.readString(TestSoftHsm.spyLog(), StandardCharsets.ISO_8859_1);
        List<Call> calls = new ArrayList<>();
        Matcher m = CALL.matcher(log);
        int start = -1;
        String function = null;
        while (m.find()) {
            if (function != null) {
                calls.add(new Call(function, log.substring(start, m.start())));
            }
            function = m.group(1);
            start = m.start();
        }
        if (function != null) {
            calls.add(new Call(function, log.substring(start)));
        }
        return calls;
    }

    @Test
    void everyMechanismTheSuiteUsedIsDocumentedForCloudHsm() throws Exception {
        List<Call> calls = calls();
        assertTrue(
                calls.size() > 1000, "the spy logged only " + calls.size() + " calls: did the suite run through it?");
        Set<String> used = new TreeSet<>();
        for (Call call : calls) {
            Matcher m = MECHANISM.matcher(call.text());
            while (m.find()) {
                used.add(m.group(1));
                assertTrue(
                        CLOUDHSM_DOCUMENTED.contains(m.group(1)),
                        m.group(1) + " is not on CloudHSM's documented list, in:\n" + call.text());
            }
        }
        assertEquals(EXPECTED, used, "mechanisms the HSM suite used");
    }

    @Test
    void noEncryptionPassesAnIvOfItsOwn() throws Exception {
        for (Call call : calls()) {
            assertTrue(
                    !call.function().startsWith("C_EncryptInit")
                            && !call.function().startsWith("C_WrapKey"),
                    "Keysmith encrypts nothing in the HSM, yet:\n" + call.text());
        }
    }
}
