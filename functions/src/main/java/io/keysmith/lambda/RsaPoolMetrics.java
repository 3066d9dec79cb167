package io.keysmith.lambda;

import io.keysmith.core.DataKeyPairSpec;
import io.keysmith.lambda.log.Emf;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The RSA pool's EMF metrics, in the {@code Keysmith} namespace per {@code KeyPairSpec}: {@code RsaPoolHits} and
 * {@code RsaPoolMisses} from the API function (one document per pooled request, the one counted 1, the other 0), and
 * {@code RsaPoolDepth} (what a refill found left) and {@code RsaPoolAdded} from the refill function. A miss is a request
 * that found its pool empty and generated inline: the pool ran dry, which the stack alarms on.
 */
final class RsaPoolMetrics {
    static final String HITS = "RsaPoolHits";
    static final String MISSES = "RsaPoolMisses";
    static final String DEPTH = "RsaPoolDepth";
    static final String ADDED = "RsaPoolAdded";

    private RsaPoolMetrics() {}

    static void taken(DataKeyPairSpec spec, boolean fromPool) {
        Map<String, Emf.Value> metrics = new LinkedHashMap<>();
        metrics.put(HITS, Emf.Value.count(fromPool ? 1 : 0));
        metrics.put(MISSES, Emf.Value.count(fromPool ? 0 : 1));
        Emf.write(KeysmithHandler.METRICS_NAMESPACE, Map.of("KeyPairSpec", spec.name()), metrics);
    }

    static void refilled(DataKeyPairSpec spec, int depthFound, int added) {
        Map<String, Emf.Value> metrics = new LinkedHashMap<>();
        metrics.put(DEPTH, Emf.Value.count(depthFound));
        metrics.put(ADDED, Emf.Value.count(added));
        Emf.write(KeysmithHandler.METRICS_NAMESPACE, Map.of("KeyPairSpec", spec.name()), metrics);
    }
}
