package io.keysmith.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.CfnKey;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The customer-managed AWS KMS key that seals the DynamoDB root key (rootKeyProtection=kms). It
 * lives in the stateful stack: rotation on, retained, its logical id fixed. Losing it loses every key.
 */
public final class RootKeyEnvelopeKey extends Construct {
    public static final String LOGICAL_ID = "RootKeyEnvelopeKey";
    private final Key key;

    public RootKeyEnvelopeKey(Construct scope, String id) {
        super(scope, id);
        key = Key.Builder.create(this, "Key")
                .description("Keysmith: seals the root key in the root-key table")
                .enableKeyRotation(true)
                .pendingWindow(Duration.days(30))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        ((CfnKey) key.getNode().getDefaultChild()).overrideLogicalId(LOGICAL_ID);
    }

    public Key key() {
        return key;
    }
}
