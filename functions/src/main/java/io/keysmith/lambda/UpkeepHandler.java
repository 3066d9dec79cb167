package io.keysmith.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.keysmith.core.Keysmith;
import io.keysmith.core.Randomness;
import io.keysmith.lambda.log.JsonLog;
import io.keysmith.store.KeysTableUpgrade;
import io.keysmith.wiring.KeysmithWiring;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Runs on a schedule: deletes keys whose waiting period has passed and rotates keys that are due.
 * The scheduled event's content is not read, so it is taken as a plain map.
 */
public final class UpkeepHandler implements RequestHandler<Map<String, Object>, Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(UpkeepHandler.class);
    private final Keysmith keysmith;
    private final DynamoDbClient dynamo;
    private final String keysTable;

    public UpkeepHandler() {
        LambdaSettings settings = LambdaSettings.fromEnvironment(System.getenv());
        Randomness randomness = new Randomness();
        this.dynamo = LambdaWiring.dynamo(settings);
        this.keysTable = settings.keysTable();
        this.keysmith = KeysmithWiring.keysmith(LambdaWiring.keysmithSettings(
                settings, dynamo, LambdaWiring.rootKey(settings, dynamo, randomness), randomness));
    }

    @Override
    public Integer handleRequest(Map<String, Object> event, Context context) {
        JsonLog.begin(context);
        try {
            // Once per table (then one GetItem): items from before the indexes get their attributes.
            int backfilled = KeysTableUpgrade.backfill(dynamo, keysTable);
            if (backfilled > 0) {
                LOG.atInfo().addKeyValue("itemsIndexed", backfilled).log("index backfill");
            }
            int changed = keysmith.sweep();
            LOG.atInfo().addKeyValue("keysChanged", changed).log("upkeep sweep");
            return changed;
        } finally {
            JsonLog.end();
        }
    }
}
