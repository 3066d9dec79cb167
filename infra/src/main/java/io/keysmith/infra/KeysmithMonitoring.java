package io.keysmith.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.lambda.Alias;
import software.constructs.Construct;

/**
 * Alarms on API 5xx, Lambda errors and throttles, p99 latency, a missing or unreadable root key and an RSA pool that
 * runs dry, and a dashboard.
 */
public final class KeysmithMonitoring extends Construct {
    private static final Duration PERIOD = Duration.minutes(5);

    /** @param rsaPoolSpecs the specs with an RSA pool ({@code RSA_2048}...): each gets an alarm when it runs dry */
    public KeysmithMonitoring(
            Construct scope,
            String id,
            RestApi api,
            Alias live,
            boolean dynamoDbRootKey,
            java.util.Collection<String> rsaPoolSpecs) {
        super(scope, id);
        Metric serverErrors = api.metricServerError(options("Sum"));
        Metric errors = live.metricErrors(options("Sum"));
        Metric throttles = live.metricThrottles(options("Sum"));
        Metric p99 = api.metricLatency(options("p99"));

        alarm("Api5xx", serverErrors, 1, "API Gateway answered 5xx");
        alarm("FunctionErrors", errors, 1, "the Keysmith function failed");
        alarm("FunctionThrottles", throttles, 1, "the Keysmith function was throttled");
        alarm("LatencyP99", p99, 5000, "p99 latency above 5 seconds");
        if (dynamoDbRootKey) {
            // EMF counts from the functions (io.keysmith.lambda.RootKeyAlarm); every request fails while either is
            // raised.
            alarm("RootKeyMissing", rootKeyMetric("RootKeyMissing"), 1, "a function found no root key in its table");
            alarm(
                    "RootKeyUnreadable",
                    rootKeyMetric("RootKeyUnreadable"),
                    1,
                    "a function could not open the root key (its envelope, KMS permission or protection)");
        }

        for (String spec : rsaPoolSpecs) {
            // EMF counts from the API function (io.keysmith.lambda.RsaPoolMetrics): a miss is a request that found the
            // pool empty and generated its pair inline, slowly.
            alarm(
                    "RsaPoolDry" + spec.replace("_", ""),
                    rsaPoolMetric(spec),
                    1,
                    "the " + spec + " pool ran dry: requests generated pairs inline (raise its size in rsaPool)");
        }

        Dashboard.Builder.create(this, "Dashboard")
                .widgets(List.of(List.of(
                        graph("Requests and 5xx", List.of(api.metricCount(options("Sum")), serverErrors)),
                        graph("Function errors and throttles", List.of(errors, throttles)),
                        graph("Latency p99 (ms)", List.of(p99)))))
                .build();
    }

    private static Metric rootKeyMetric(String name) {
        return Metric.Builder.create()
                .namespace("Keysmith")
                .metricName(name)
                .dimensionsMap(java.util.Map.of("Service", "keysmith"))
                .statistic("Sum")
                .period(PERIOD)
                .build();
    }

    private static Metric rsaPoolMetric(String spec) {
        return Metric.Builder.create()
                .namespace("Keysmith")
                .metricName("RsaPoolMisses")
                .dimensionsMap(java.util.Map.of("KeyPairSpec", spec))
                .statistic("Sum")
                .period(PERIOD)
                .build();
    }

    private static MetricOptions options(String statistic) {
        return MetricOptions.builder().statistic(statistic).period(PERIOD).build();
    }

    private void alarm(String id, Metric metric, double threshold, String description) {
        Alarm.Builder.create(this, id)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription(description)
                .build();
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(8).build();
    }
}
