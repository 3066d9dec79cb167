package io.keysmith.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.keysmith.core.Keysmith;
import io.keysmith.core.Randomness;
import org.slf4j.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import org.slf4j.LoggerFactory;

/** Runs on a schedule: deletes keys whose waiting period has passed and rotates keys that are due. */
public final class UpkeepHandler implements RequestHandler<ScheduledEvent, Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(UpkeepHandler.class);
    private final Keysmith keysmith;

    public UpkeepHandler() {
        LambdaSettings settings = LambdaSettings.fromEnvironment(System.getenv());
        Randomness randomness = new Randomness();
        DynamoDbClient dynamo = LambdaWiring.dynamo(settings);
        this.keysmith = LambdaWiring.keysmith(settings, dynamo, LambdaWiring.rootKey(settings, dynamo, randomness), randomness);
    }

    @Override
    public Integer handleRequest(ScheduledEvent event, Context context) {
        int changed = keysmith.sweep();
        LOG.atInfo().addKeyValue("keysChanged", changed).log("upkeep sweep");
        return changed;
    }
}
