package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.wiring.RootKeyMode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The runner's command line: the flags the issues name, their defaults, and what goes together. */
class OptionsTest {
    private static final String[] PKCS11 = {"--pkcs11-config", "p.cfg", "--pkcs11-pin-env", "PIN"};

    @Test
    void defaultsAreTheDocumentedOnes() {
        Options o = Options.parse();
        assertEquals(4599, o.port());
        assertEquals(Path.of(".keysmith"), o.dataDir());
        assertEquals("us-east-1", o.region());
        assertEquals("000000000000", o.account());
        assertEquals(RootKeyMode.DYNAMODB, o.rootKey());
        assertNull(o.migrateTo());
    }

    @Test
    void theRsaPoolDefaultsToTheIssuesSizesAndZeroTurnsItOff() {
        assertEquals(
                java.util.Map.of(
                        io.keysmith.core.DataKeyPairSpec.RSA_2048, 16,
                        io.keysmith.core.DataKeyPairSpec.RSA_3072, 8,
                        io.keysmith.core.DataKeyPairSpec.RSA_4096, 64),
                Options.parse().rsaPool());
        assertEquals(java.util.Map.of(), Options.parse("--rsa-pool", "0").rsaPool());
        assertEquals(
                java.util.Map.of(io.keysmith.core.DataKeyPairSpec.RSA_2048, 4),
                Options.parse("--rsa-pool", "0", "--rsa-pool", "2048=4")
                        .withStorage(0, null, true)
                        .rsaPool(),
                "the last one wins, and it is kept when the storage changes");
        IllegalArgumentException bad =
                assertThrows(IllegalArgumentException.class, () -> Options.parse("--rsa-pool", "1024=4"));
        assertTrue(bad.getMessage().startsWith("--rsa-pool: "), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--rsa-pool"));
        assertTrue(Options.USAGE.contains("--rsa-pool SIZES"));
    }

    @Test
    void theKeyCacheLastsFiveSecondsByDefaultAndZeroTurnsItOff() {
        assertEquals(java.time.Duration.ofSeconds(5), Options.parse().keyCacheTtl());
        assertEquals(
                java.time.Duration.ZERO, Options.parse("--key-cache-ttl", "0").keyCacheTtl());
        assertEquals(
                java.time.Duration.ofSeconds(30),
                Options.parse("--key-cache-ttl", "30").keyCacheTtl());
        for (String bad : new String[] {"-1", "1.5", "five", "3601"}) {
            IllegalArgumentException refused =
                    assertThrows(IllegalArgumentException.class, () -> Options.parse("--key-cache-ttl", bad));
            assertEquals(
                    "--key-cache-ttl must be a whole number of seconds from 0 to 3600, not '" + bad + "'",
                    refused.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--key-cache-ttl"));
    }

    @Test
    void identitiesAreOffByDefaultAndNameAFile() {
        assertNull(Options.parse().identities());
        assertEquals(
                Path.of("ids.json"), Options.parse("--identities", "ids.json").identities());
        assertEquals(
                Path.of("ids.json"),
                Options.parse("--in-memory", "--identities", "ids.json")
                        .withStorage(0, null, true)
                        .identities(),
                "kept when the storage changes");
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--identities"));
        assertTrue(Options.USAGE.contains("--identities FILE"));
    }

    @Test
    void theServicePolicyIsOffByDefaultAndNamesAFile() {
        assertNull(Options.parse().servicePolicy());
        assertEquals(
                Path.of("service.json"),
                Options.parse("--service-policy", "service.json")
                        .withStorage(0, null, true)
                        .servicePolicy());
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--service-policy"));
        assertTrue(Options.USAGE.contains("--service-policy FILE"));
    }

    @Test
    void pkcs11NeedsItsConfigAndPin() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--root-key", "pkcs11"));
        Options o = Options.parse(
                "--root-key",
                "pkcs11",
                "--pkcs11-config",
                "p.cfg",
                "--pkcs11-pin-env",
                "PIN",
                "--pkcs11-key-label",
                "root",
                "--create-root-key");
        assertEquals(RootKeyMode.PKCS11, o.rootKey());
        assertEquals("root", o.pkcs11KeyLabel());
        assertEquals(true, o.createRootKey());
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--root-key", "hsm"));
    }

    @Test
    void migrationTargetsTheDataDirOrADeploymentsTables() {
        Options local = Options.parse(concat(new String[] {"migrate-root-key", "--to", "pkcs11"}, PKCS11));
        assertEquals(RootKeyMode.PKCS11, local.migrateTo());
        assertNull(local.deployed());
        Options deployed = Options.parse(concat(
                new String[] {
                    "migrate-root-key",
                    "--to",
                    "pkcs11",
                    "--aws-region",
                    "eu-west-1",
                    "--keys-table",
                    "KeysmithStateful-KeysTable",
                    "--root-key-table",
                    "KeysmithStateful-RootKeyTable"
                },
                PKCS11));
        assertEquals(
                new Options.DeployedTables("eu-west-1", "KeysmithStateful-KeysTable", "KeysmithStateful-RootKeyTable"),
                deployed.deployed());
        assertThrows(
                IllegalArgumentException.class,
                () -> Options.parse(concat(
                        new String[] {"migrate-root-key", "--to", "pkcs11", "--aws-region", "eu-west-1"}, PKCS11)));
        assertThrows(
                IllegalArgumentException.class,
                () -> Options.parse("--aws-region", "eu-west-1", "--keys-table", "k", "--root-key-table", "r"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("migrate-root-key"));
    }

    @Test
    void initRootKeyWorksOnTheDataDirOrADeploymentsRootKeyTable() {
        Options local = Options.parse("init-root-key", "--data-dir", "d");
        assertEquals(true, local.initRootKey());
        assertNull(local.deployed());
        assertNull(local.rootKeyKms());
        Options deployed = Options.parse(
                "init-root-key",
                "--aws-region",
                "eu-west-1",
                "--root-key-table",
                "R",
                "--root-key-kms-key",
                "arn:aws:kms:eu-west-1:123456789012:key/k");
        assertEquals(new Options.DeployedTables("eu-west-1", null, "R"), deployed.deployed());
        assertEquals(
                new Options.RootKeyKms("arn:aws:kms:eu-west-1:123456789012:key/k", "eu-west-1", null),
                deployed.rootKeyKms());
        assertThrows(IllegalArgumentException.class, () -> Options.parse("init-root-key", "--root-key-table", "R"));
        assertThrows(
                IllegalArgumentException.class,
                () -> Options.parse(
                        "init-root-key",
                        "--root-key",
                        "pkcs11",
                        "--pkcs11-config",
                        "p.cfg",
                        "--pkcs11-pin-env",
                        "PIN"));
        assertEquals(false, Options.parse().initRootKey());
    }

    @Test
    void theKmsEnvelopeTakesAKeyAndOptionallyAnEndpoint() {
        Options o = Options.parse(
                "--root-key-kms-key", "k", "--kms-endpoint", "http://127.0.0.1:4600", "--region", "eu-west-2");
        assertEquals(
                new Options.RootKeyKms("k", "eu-west-2", java.net.URI.create("http://127.0.0.1:4600")), o.rootKeyKms());
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--kms-endpoint", "http://127.0.0.1:4600"));
        assertThrows(
                IllegalArgumentException.class,
                () -> Options.parse("--root-key-kms-key", "k", "--kms-endpoint", "nope"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--aws-region", "eu-west-1"));
    }

    @Test
    void dryRunBelongsToTheMigration() {
        assertEquals(
                false,
                Options.parse(concat(new String[] {"migrate-root-key", "--to", "pkcs11"}, PKCS11))
                        .dryRun());
        assertEquals(
                true,
                Options.parse(concat(new String[] {"migrate-root-key", "--to", "pkcs11", "--dry-run"}, PKCS11))
                        .dryRun());
        IllegalArgumentException serving =
                assertThrows(IllegalArgumentException.class, () -> Options.parse("--dry-run"));
        assertEquals("--dry-run belongs to migrate-root-key", serving.getMessage());
    }

    @Test
    void anEarlierDynamoDbRootKeyIsUsedOnlyWhenAskedAndOnlyBesideTheHsm() {
        assertNull(Options.parse(concat(new String[] {"--root-key", "pkcs11"}, PKCS11))
                .earlierRootKey());
        assertEquals(
                RootKeyMode.DYNAMODB,
                Options.parse(concat(new String[] {"--root-key", "pkcs11", "--earlier-root-key", "dynamodb"}, PKCS11))
                        .earlierRootKey());
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--earlier-root-key", "dynamodb"));
        assertThrows(
                IllegalArgumentException.class,
                () -> Options.parse(
                        concat(new String[] {"--root-key", "pkcs11", "--earlier-root-key", "pkcs11"}, PKCS11)));
    }

    @Test
    void helpIsAskedForAnywhereOnTheLine() {
        assertEquals(true, Options.wantsHelp("--help"));
        assertEquals(true, Options.wantsHelp("--port", "1", "-h"));
        assertEquals(false, Options.wantsHelp("--port", "1"));
        assertEquals(true, Options.USAGE.contains("--allowed-host NAME"));
        assertEquals(true, Options.USAGE.contains("-h, --help"));
    }

    @Test
    void unknownFlagsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Options.parse("--bogus"));
        assertEquals("unknown option --bogus", e.getMessage());
    }

    @Test
    void regionsAreValidatedLikeAccounts() {
        for (String region : new String[] {
            "us-east-1",
            "eu-central-2",
            "ap-southeast-5",
            "us-gov-west-1",
            "cn-northwest-1",
            "us-isob-east-1",
            "il-central-1"
        }) {
            assertEquals(region, Options.parse("--region", region).region());
        }
        for (String region : new String[] {
            "", "nowhere", "US-EAST-1", "us-east", "us-east-1 ", "us_east_1", "us-east-1/x", "arn:aws:kms"
        }) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> Options.parse("--region", region));
            assertEquals("--region must be a region name such as us-east-1, not " + region, e.getMessage());
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> Options.parse("--aws-region", "eu west 1", "--root-key-kms-key", "k"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--account", "12345"));
    }

    @Test
    void allowedHostsRepeatAndAreNamesWithAnOptionalPort() {
        assertEquals(java.util.List.of(), Options.parse().allowedHosts());
        Options o = Options.parse(
                "--allowed-host",
                "Keysmith.Test",
                "--allowed-host",
                "host.docker.internal:4599",
                "--allowed-host",
                "[fd00::1]");
        assertEquals(java.util.List.of("keysmith.test", "host.docker.internal:4599", "[fd00::1]"), o.allowedHosts());
        for (String bad : new String[] {"", "a b", "evil.com/x", "http://evil.com", "host:port", "*"}) {
            assertThrows(IllegalArgumentException.class, () -> Options.parse("--allowed-host", bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--allowed-host"));
    }

    /** Creating a root key in a deployment's table seals it, unless a plain one is asked for by name. */
    @Test
    void aRootKeyCreatedInADeploymentIsSealedUnlessAPlainOneIsAskedFor() {
        String[] deployedInit = {"init-root-key", "--aws-region", "eu-west-1", "--root-key-table", "R"};
        IllegalArgumentException unsealed =
                assertThrows(IllegalArgumentException.class, () -> Options.parse(deployedInit));
        assertTrue(unsealed.getMessage().contains("--root-key-kms-key"), unsealed.getMessage());
        assertNull(Options.parse(concat(deployedInit, new String[] {"--plain-root-key"}))
                .rootKeyKms());
        String[] deployedMigration = {
            "migrate-root-key",
            "--to",
            "dynamodb",
            "--aws-region",
            "eu-west-1",
            "--keys-table",
            "K",
            "--root-key-table",
            "R"
        };
        assertThrows(IllegalArgumentException.class, () -> Options.parse(concat(deployedMigration, PKCS11)));
        assertEquals(
                "k",
                Options.parse(concat(concat(deployedMigration, PKCS11), new String[] {"--root-key-kms-key", "k"}))
                        .rootKeyKms()
                        .keyId());
        // Locally, and when moving to the HSM, nothing is created in a deployment's table: no flag is needed or
        // allowed.
        assertNull(Options.parse("init-root-key", "--data-dir", "d").rootKeyKms());
        assertThrows(IllegalArgumentException.class, () -> Options.parse("init-root-key", "--plain-root-key"));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
