package io.keysmith.lambda;

import java.util.function.Consumer;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * A root key that is missing or does not open is an EMF count ({@code RootKeyMissing},
 * {@code RootKeyUnreadable}) in the Keysmith namespace, with the one dimension the CDK alarms name.
 */
final class RootKeyAlarm implements Consumer<String> {
    static final String DIMENSION = "Service";
    static final String SERVICE = "keysmith";

    @Override
    public void accept(String metricName) {
        MetricsFactory.getMetricsInstance().flushMetrics(m -> {
            m.setNamespace(KeysmithHandler.METRICS_NAMESPACE);
            m.setDefaultDimensions(DimensionSet.of(DIMENSION, SERVICE));
            m.addMetric(metricName, 1, MetricUnit.COUNT);
        });
    }
}
