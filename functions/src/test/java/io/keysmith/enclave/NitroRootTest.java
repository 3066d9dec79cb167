package io.keysmith.enclave;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The shipped trust anchor is the AWS Nitro Enclaves Root-G1 certificate AWS documents. */
class NitroRootTest {
    @Test
    void bundledRootHasTheFingerprintAwsPublishes() throws Exception {
        var root = AttestationVerifier.awsNitroRoot(Clock.systemUTC()).trustAnchor();
        assertEquals(
                "641a0321a3e244efe456463195d606317ed7cdcc3c1756e09893f3c68f79bb5b",
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(root.getEncoded())));
        assertEquals(
                "CN=aws.nitro-enclaves,OU=AWS,O=Amazon,C=US",
                root.getSubjectX500Principal().getName());
    }
}
