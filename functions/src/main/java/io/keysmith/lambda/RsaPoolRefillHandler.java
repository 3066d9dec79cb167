package io.keysmith.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.keysmith.core.DataKeyPairSpec;
import io.keysmith.core.Randomness;
import io.keysmith.core.SealedKeyPairPool;
import io.keysmith.lambda.log.JsonLog;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Runs every minute: fills each RSA pool in the keys table (RSA_POOL, the CDK context value rsaPool) back to its
 * size, smallest spec first, each private key sealed under the pool key before it is stored. A Lambda environment
 * is frozen between invocations, so no background thread could do this in the API function. It stops adding pairs
 * while it still has time for one more, so it never times out half-way through a write.
 */
public final class RsaPoolRefillHandler implements RequestHandler<Map<String, Object>, Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RsaPoolRefillHandler.class);
    /** Time kept in hand: a slow RSA_4096 pair and its write, on the refill function's CPU share. */
    static final long RESERVE_MS = 10_000;

    private final SealedKeyPairPool pool;

    public RsaPoolRefillHandler() {
        LambdaSettings settings = LambdaSettings.fromEnvironment(System.getenv());
        Randomness randomness = new Randomness();
        DynamoDbClient dynamo = LambdaWiring.dynamo(settings);
        this.pool = LambdaWiring.rsaPool(
                settings,
                dynamo,
                LambdaWiring.rootKey(settings, dynamo, randomness),
                randomness,
                LambdaWiring.rsaPoolSizes(System.getenv()),
                io.keysmith.core.SealedKeyPairPool.Outcomes.NONE);
    }

    RsaPoolRefillHandler(SealedKeyPairPool pool) {
        this.pool = pool;
    }

    @Override
    public Integer handleRequest(Map<String, Object> event, Context context) {
        JsonLog.begin(context);
        try {
            return refill(() -> context == null || context.getRemainingTimeInMillis() > RESERVE_MS);
        } finally {
            JsonLog.end();
        }
    }

    int refill(java.util.function.BooleanSupplier timeLeft) {
        int total = 0;
        for (DataKeyPairSpec spec : new java.util.TreeSet<>(pool.sizes().keySet())) {
            int found = pool.depth(spec);
            int added = pool.refill(spec, timeLeft);
            RsaPoolMetrics.refilled(spec, found, added);
            LOG.atInfo()
                    .addKeyValue("keyPairSpec", spec.name())
                    .addKeyValue("depthFound", found)
                    .addKeyValue("added", added)
                    .log("rsa pool refill");
            total += added;
        }
        return total;
    }
}
