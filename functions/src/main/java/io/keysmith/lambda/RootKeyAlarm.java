package io.keysmith.lambda;

import io.keysmith.lambda.log.Emf;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A root key that is missing or does not open is an EMF count ({@code RootKeyMissing},
 * {@code RootKeyUnreadable}) in the Keysmith namespace, with the one dimension the CDK alarms name.
 */
final class RootKeyAlarm implements Consumer<String> {
    static final String DIMENSION = "Service";
    static final String SERVICE = "keysmith";

    @Override
    public void accept(String metricName) {
        Emf.write(
                KeysmithHandler.METRICS_NAMESPACE, Map.of(DIMENSION, SERVICE), Map.of(metricName, Emf.Value.count(1)));
    }
}
