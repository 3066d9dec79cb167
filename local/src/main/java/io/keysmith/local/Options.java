package io.keysmith.local;

import io.keysmith.wiring.RootKeyMode;
import java.nio.file.Path;

/** The local runner's command line, with its defaults. */
record Options(
        int port,
        Path dataDir,
        boolean inMemory,
        String region,
        String account,
        RootKeyMode rootKey,
        Path pkcs11Config,
        String pkcs11PinEnv,
        String pkcs11KeyLabel,
        boolean createRootKey,
        RootKeyMode migrateTo,
        Path enclaveTrustAnchor,
        DeployedTables deployed,
        boolean initRootKey,
        RootKeyKms rootKeyKms,
        boolean dryRun,
        RootKeyMode earlierRootKey,
        java.util.List<String> allowedHosts,
        Path identities,
        Path servicePolicy,
        java.time.Duration keyCacheTtl,
        java.util.Map<io.keysmith.core.DataKeyPairSpec, Integer> rsaPool) {

    /**
     * With {@code migrate-root-key} or {@code init-root-key}: the tables of a deployment in AWS, instead
     * of the local data dir. {@code keysTable} may be null with {@code init-root-key}.
     */
    record DeployedTables(String region, String keysTable, String rootKeyTable) {}

    /**
     * The DynamoDB root key's envelope: the AWS KMS key that seals it, the region of that KMS, and an
     * endpoint override (a Keysmith standing in for AWS KMS, say). Without it the item is plain.
     */
    record RootKeyKms(String keyId, String region, java.net.URI endpoint) {}

    static final String USAGE = """
            Usage: scripts/keysmith [options]
                   scripts/keysmith migrate-root-key --to dynamodb|pkcs11 [--dry-run] [options]
                   scripts/keysmith init-root-key [options]
                   scripts/keysmith alibaba-client-key --data-dir DIR --arn ARN --password PW --out FILE
                   scripts/keysmith alibaba-client-key --data-dir DIR --revoke KEYID
              --port N                  port on 127.0.0.1 (default 4599; 0 picks a free one)
              --data-dir DIR            where DynamoDB Local keeps its files (default ./.keysmith)
              --in-memory               keep nothing on disk
              --region R                region in key ARNs (default us-east-1)
              --account A               account in key ARNs (default 000000000000)
              --identities FILE         verify SigV4 signatures against the access keys in FILE (JSON: [{"accessKeyId",
                                        "secretAccessKey", "arn"}, ...]); without it every caller is the account's root
              --service-policy FILE     the policy document that stands in for IAM (keyless actions, and what a key
                                        policy's account principal hands over); default: the account may do anything
              --key-cache-ttl SECONDS   how long the runner keeps a key it read (metadata, opened material) before
                                        reading it again (default 5; 0: no cache); its own writes are seen at once
              --allowed-host NAME       also accept requests whose Host header is NAME (repeatable; NAME:PORT
                                        for that port only); 127.0.0.1, localhost and [::1] always are
              --rsa-pool SIZES          RSA data key pairs generated ahead of time, in memory only: BITS=COUNT,...
                                        (default 2048=16,3072=8,4096=64); 0 turns the pool off
              --alibaba-port PORT       also serve the Alibaba Cloud KMS instance API over HTTPS on 127.0.0.1:PORT
                                        (its CA is DATA_DIR/alibaba/ca.pem; client keys from alibaba-client-key)
              --alibaba-max-concurrent N  answer 429 Rejected.Throttling beyond N Alibaba requests in flight (default off)
              --root-key dynamodb|pkcs11  where the root key lives (default dynamodb)
              --pkcs11-config FILE      SunPKCS11 configuration of the token (library, slot)
              --pkcs11-pin-env VAR      environment variable holding the token's user PIN
              --pkcs11-key-label LABEL  label of the root key on the token (default keysmith-root): the HMAC
                                        key LABEL-hmac, and an older AES key LABEL if there is one
              --create-root-key         create the PKCS#11 root key (the HMAC key) if the token has none
              --earlier-root-key dynamodb  with --root-key pkcs11, during a migration: also open material that the
                                        DynamoDB root key still wraps (off by default, so that a planted root-key
                                        item can never stand in for the HSM)
              --enclave-trust-anchor FILE  root certificate (PEM) for Recipient attestation documents
                                        (default: the AWS Nitro Enclaves Root-G1 certificate)
              --root-key-kms-key KEY    seal the DynamoDB root key under this AWS KMS key (id or ARN);
                                        credentials from the default chain, region --aws-region or --region
              --kms-endpoint URL        the AWS KMS endpoint to use for that key (default: AWS's own)
              --plain-root-key          on a deployment's tables, create the root key unsealed (only for a stack
                                        deployed with rootKeyProtection=none; without it, --root-key-kms-key is required)
            migrate-root-key:
              --dry-run                 print what would change, check that each material opens, write nothing
            migrate-root-key on a deployment in AWS (credentials from the default chain):
              --aws-region R --keys-table NAME --root-key-table NAME   the stacks' table outputs
            init-root-key creates the DynamoDB root key once (never overwrites), in the data dir or,
            with --aws-region R --root-key-table NAME [--keys-table NAME], in a deployment's table
              -h, --help                print this and exit
            """;

    static Options defaults() {
        return new Options(
                4599,
                Path.of(".keysmith"),
                false,
                "us-east-1",
                "000000000000",
                RootKeyMode.DYNAMODB,
                null,
                null,
                "keysmith-root",
                false,
                null,
                null,
                null,
                false,
                null,
                false,
                null,
                java.util.List.of(),
                null,
                null,
                io.keysmith.wiring.KeysmithSettings.DEFAULT_KEY_CACHE_TTL,
                io.keysmith.core.RsaPoolSizes.parse(io.keysmith.core.RsaPoolSizes.DEFAULT));
    }

    boolean pkcs11Configured() {
        return pkcs11Config != null;
    }

    /** Where and how this runner keeps its data, with everything else as parsed. */
    Options withStorage(int newPort, Path newDataDir, boolean newInMemory) {
        return new Options(
                newPort,
                newDataDir,
                newInMemory,
                region,
                account,
                rootKey,
                pkcs11Config,
                pkcs11PinEnv,
                pkcs11KeyLabel,
                createRootKey,
                migrateTo,
                enclaveTrustAnchor,
                deployed,
                initRootKey,
                rootKeyKms,
                dryRun,
                earlierRootKey,
                allowedHosts,
                identities,
                servicePolicy,
                keyCacheTtl,
                rsaPool);
    }

    static Options parse(String... args) {
        Options d = defaults();
        int port = d.port;
        Path dataDir = d.dataDir;
        boolean inMemory = false;
        String region = d.region;
        String account = d.account;
        RootKeyMode rootKey = d.rootKey;
        Path pkcs11Config = null;
        String pinEnv = null;
        String label = d.pkcs11KeyLabel;
        boolean create = false;
        boolean dryRun = false;
        RootKeyMode earlier = null;
        RootKeyMode migrateTo = null;
        Path trustAnchor = null;
        String awsRegion = null;
        String keysTable = null;
        String rootKeyTable = null;
        String kmsKey = null;
        boolean plainRootKey = false;
        java.net.URI kmsEndpoint = null;
        java.util.List<String> allowedHosts = new java.util.ArrayList<>();
        Path identities = null;
        Path servicePolicy = null;
        java.time.Duration keyCacheTtl = d.keyCacheTtl;
        java.util.Map<io.keysmith.core.DataKeyPairSpec, Integer> rsaPool = d.rsaPool;
        boolean migrate = args.length > 0 && args[0].equals("migrate-root-key");
        boolean init = args.length > 0 && args[0].equals("init-root-key");
        for (int i = migrate || init ? 1 : 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--in-memory" -> inMemory = true;
                case "--create-root-key" -> create = true;
                case "--dry-run" -> dryRun = true;
                case "--earlier-root-key" -> earlier = earlierRootKey(value(args, ++i, flag));
                case "--port" -> port = port(value(args, ++i, flag));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, flag));
                case "--region" -> region = region(value(args, ++i, flag), flag);
                case "--identities" -> identities = Path.of(value(args, ++i, flag));
                case "--service-policy" -> servicePolicy = Path.of(value(args, ++i, flag));
                case "--key-cache-ttl" ->
                    keyCacheTtl = io.keysmith.wiring.KeysmithSettings.keyCacheTtl(value(args, ++i, flag), flag);
                case "--rsa-pool" -> rsaPool = rsaPool(value(args, ++i, flag));
                case "--allowed-host" -> allowedHosts.add(hostName(value(args, ++i, flag)));
                case "--account" -> account = account(value(args, ++i, flag));
                case "--root-key" -> rootKey = rootKeyMode(value(args, ++i, flag), flag);
                case "--pkcs11-config" -> pkcs11Config = Path.of(value(args, ++i, flag));
                case "--pkcs11-pin-env" -> pinEnv = value(args, ++i, flag);
                case "--pkcs11-key-label" -> label = value(args, ++i, flag);
                case "--to" -> migrateTo = rootKeyMode(value(args, ++i, flag), flag);
                case "--enclave-trust-anchor" -> trustAnchor = Path.of(value(args, ++i, flag));
                case "--aws-region" -> awsRegion = region(value(args, ++i, flag), flag);
                case "--keys-table" -> keysTable = value(args, ++i, flag);
                case "--root-key-table" -> rootKeyTable = value(args, ++i, flag);
                case "--root-key-kms-key" -> kmsKey = value(args, ++i, flag);
                case "--plain-root-key" -> plainRootKey = true;
                case "--kms-endpoint" -> kmsEndpoint = endpoint(value(args, ++i, flag), flag);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (migrate && migrateTo == null) {
            throw new IllegalArgumentException("migrate-root-key needs --to dynamodb or --to pkcs11");
        }
        if (!migrate && migrateTo != null) {
            throw new IllegalArgumentException("--to belongs to migrate-root-key");
        }
        if (!migrate && dryRun) {
            throw new IllegalArgumentException("--dry-run belongs to migrate-root-key");
        }
        DeployedTables deployed = null;
        if (init && (keysTable != null || rootKeyTable != null)) {
            if (awsRegion == null || rootKeyTable == null) {
                throw new IllegalArgumentException(
                        "init-root-key on a deployment needs --aws-region and --root-key-table");
            }
            deployed = new DeployedTables(awsRegion, keysTable, rootKeyTable);
        } else if (keysTable != null || rootKeyTable != null || (awsRegion != null && kmsKey == null)) {
            if (!migrate || awsRegion == null || keysTable == null || rootKeyTable == null) {
                throw new IllegalArgumentException(
                        "--aws-region, --keys-table and --root-key-table go together, with migrate-root-key");
            }
            deployed = new DeployedTables(awsRegion, keysTable, rootKeyTable);
        }
        if (kmsEndpoint != null && kmsKey == null) {
            throw new IllegalArgumentException("--kms-endpoint goes with --root-key-kms-key");
        }
        RootKeyKms rootKeyKms =
                kmsKey == null ? null : new RootKeyKms(kmsKey, awsRegion != null ? awsRegion : region, kmsEndpoint);
        boolean createsInADeployment = deployed != null && (init || migrateTo == RootKeyMode.DYNAMODB);
        if (createsInADeployment && kmsKey == null && !plainRootKey) {
            // A deployment's root key is sealed under its KMS key by default; a plain one must be asked for by name.
            throw new IllegalArgumentException(
                    "a deployment's root key is sealed under its KMS key: give --root-key-kms-key "
                            + "<RootKeyKmsKeyArn>, or --plain-root-key for a stack deployed with rootKeyProtection=none");
        }
        if (plainRootKey && (!createsInADeployment || kmsKey != null)) {
            throw new IllegalArgumentException(
                    "--plain-root-key goes with init-root-key or migrate-root-key --to dynamodb "
                            + "on a deployment's tables, without --root-key-kms-key");
        }
        if (init && rootKey == RootKeyMode.PKCS11) {
            throw new IllegalArgumentException(
                    "init-root-key creates the DynamoDB root key; the PKCS#11 one takes --create-root-key");
        }
        if (earlier != null && (migrate || rootKey != RootKeyMode.PKCS11)) {
            throw new IllegalArgumentException("--earlier-root-key dynamodb goes with --root-key pkcs11");
        }
        boolean needsPkcs11 = rootKey == RootKeyMode.PKCS11 || migrate;
        if (needsPkcs11 && (pkcs11Config == null || pinEnv == null)) {
            throw new IllegalArgumentException(
                    "the PKCS#11 root key needs --pkcs11-config FILE and --pkcs11-pin-env VAR");
        }
        return new Options(
                port,
                dataDir,
                inMemory,
                region,
                account,
                rootKey,
                pkcs11Config,
                pinEnv,
                label,
                create,
                migrateTo,
                trustAnchor,
                deployed,
                init,
                rootKeyKms,
                dryRun,
                earlier,
                java.util.List.copyOf(allowedHosts),
                identities,
                servicePolicy,
                keyCacheTtl,
                rsaPool);
    }

    /** {@code -h} or {@code --help} anywhere on the command line: print the usage, nothing else. */
    static boolean wantsHelp(String... args) {
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help")) {
                return true;
            }
        }
        return false;
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[index];
    }

    private static java.util.Map<io.keysmith.core.DataKeyPairSpec, Integer> rsaPool(String value) {
        try {
            return io.keysmith.core.RsaPoolSizes.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--rsa-pool: " + e.getMessage());
        }
    }

    private static RootKeyMode earlierRootKey(String value) {
        if (RootKeyMode.named(value).orElse(null) != RootKeyMode.DYNAMODB) {
            throw new IllegalArgumentException("--earlier-root-key must be dynamodb, not " + value);
        }
        return RootKeyMode.DYNAMODB;
    }

    private static RootKeyMode rootKeyMode(String value, String flag) {
        return RootKeyMode.named(value)
                .orElseThrow(() -> new IllegalArgumentException(flag + " must be dynamodb or pkcs11, not " + value));
    }

    private static java.net.URI endpoint(String value, String flag) {
        try {
            java.net.URI uri = new java.net.URI(value);
            if (uri.getScheme() != null && uri.getScheme().matches("https?") && uri.getHost() != null) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be an http or https URL, not " + value);
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--port must be a number from 0 to 65535, not " + value);
    }

    /** An AWS region name as in an ARN: us-east-1, eu-central-2, us-gov-west-1, cn-north-1, us-isob-east-1. */
    private static String region(String value, String flag) {
        if (!value.matches("[a-z]{2}(-[a-z]{2,10}){1,3}-\\d{1,2}")) {
            throw new IllegalArgumentException(flag + " must be a region name such as us-east-1, not " + value);
        }
        return value;
    }

    /** A host name or address as it appears in a Host header, optionally with :PORT; compared case-insensitively. */
    private static String hostName(String value) {
        if (!value.matches("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+)(:\\d{1,5})?")) {
            throw new IllegalArgumentException(
                    "--allowed-host must be a host name or address, optionally with :PORT, not " + value);
        }
        return value.toLowerCase(java.util.Locale.ROOT);
    }

    private static String account(String value) {
        if (!value.matches("\\d{12}")) {
            throw new IllegalArgumentException("--account must be 12 digits, not " + value);
        }
        return value;
    }
}
