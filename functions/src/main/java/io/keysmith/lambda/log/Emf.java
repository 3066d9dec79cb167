package io.keysmith.lambda.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * CloudWatch embedded metric format: one JSON document per line on stdout, which CloudWatch Logs turns
 * into metrics (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 * All dimensions form one dimension set, so each document's metrics are exactly the ones an alarm on
 * that set sees.
 */
public final class Emf {
    private static final JsonFactory JSON = new JsonFactory();

    /** A metric's value and its CloudWatch unit ({@code Count}, {@code Milliseconds}). */
    public record Value(double value, String unit) {
        public static Value count(double n) {
            return new Value(n, "Count");
        }

        public static Value milliseconds(double ms) {
            return new Value(ms, "Milliseconds");
        }
    }

    private Emf() {}

    public static void write(String namespace, Map<String, String> dimensions, Map<String, Value> metrics) {
        StringWriter line = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeObjectFieldStart("_aws");
            json.writeNumberField("Timestamp", System.currentTimeMillis());
            json.writeArrayFieldStart("CloudWatchMetrics");
            json.writeStartObject();
            json.writeStringField("Namespace", namespace);
            json.writeArrayFieldStart("Dimensions");
            json.writeStartArray();
            for (String name : dimensions.keySet()) {
                json.writeString(name);
            }
            json.writeEndArray();
            json.writeEndArray();
            json.writeArrayFieldStart("Metrics");
            for (Map.Entry<String, Value> metric : metrics.entrySet()) {
                json.writeStartObject();
                json.writeStringField("Name", metric.getKey());
                json.writeStringField("Unit", metric.getValue().unit());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            for (Map.Entry<String, String> dimension : dimensions.entrySet()) {
                json.writeStringField(dimension.getKey(), dimension.getValue());
            }
            for (Map.Entry<String, Value> metric : metrics.entrySet()) {
                json.writeNumberField(metric.getKey(), metric.getValue().value());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println(line);
    }
}
