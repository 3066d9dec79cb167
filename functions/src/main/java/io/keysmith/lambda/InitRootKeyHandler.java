package io.keysmith.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.keysmith.core.Randomness;
import io.keysmith.rootkey.DynamoDbRootKey;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deploy-time step that creates the DynamoDB root key: the onEvent handler of a CDK
 * custom-resource provider. Create and Update put the key on the condition that none exists
 * (never an overwrite), and fail the deployment when the existing key is sealed otherwise than the
 * deployment says; Delete does nothing, so removing the stack or the resource never touches the
 * root key.
 */
public final class InitRootKeyHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    /** Stable, so that CloudFormation never sees a replacement and never sends a Delete for an old id. */
    static final String PHYSICAL_ID = "keysmith-root-key";

    private static final Logger LOG = LoggerFactory.getLogger(InitRootKeyHandler.class);
    private final DynamoDbRootKey rootKey;

    public InitRootKeyHandler() {
        this(LambdaSettings.forRootKeyInit(System.getenv()));
    }

    private InitRootKeyHandler(LambdaSettings settings) {
        this(LambdaWiring.dynamoDbRootKey(settings, LambdaWiring.dynamo(settings), new Randomness()));
    }

    InitRootKeyHandler(DynamoDbRootKey rootKey) {
        this.rootKey = rootKey;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String type = String.valueOf(event.get("RequestType"));
        if (type.equals("Delete")) {
            LOG.info("root key custom resource deleted; the root key is left as it is");
            return Map.of("PhysicalResourceId", PHYSICAL_ID);
        }
        if (!type.equals("Create") && !type.equals("Update")) {
            throw new IllegalArgumentException("unknown custom resource RequestType " + type);
        }
        boolean created = rootKey.create();
        if (!created) {
            // An item this deployment's functions would refuse: fail the deploy now, not every request later.
            String found = rootKey.protection().orElseThrow();
            if (!found.equals(rootKey.expectedProtection())) {
                throw new IllegalStateException("the root-key table holds a root key with protection '" + found
                        + "', but this deployment expects '" + rootKey.expectedProtection() + "'; deploy with -c "
                        + "rootKeyProtection=" + found + " (the root key is left as it is)");
            }
        }
        LOG.info(created ? "root key created" : "a root key already exists; it is left as it is");
        return Map.of("PhysicalResourceId", PHYSICAL_ID, "Data", Map.of("Created", String.valueOf(created)));
    }
}
