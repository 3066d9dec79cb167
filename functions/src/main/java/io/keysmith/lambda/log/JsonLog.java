package io.keysmith.lambda.log;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

/**
 * The Lambda's log: one JSON object per line on stdout, which Lambda sends to CloudWatch. Each line
 * carries the event's message and key-value pairs and the invocation's context (function, request
 * id, cold start, X-Ray trace), the fields Powertools' layout gave, without Log4j behind it.
 */
public final class JsonLog {
    private static final JsonFactory JSON = new JsonFactory();
    private static volatile Context invocation;
    private static volatile boolean coldStart = true;

    private JsonLog() {}

    /** Called by the handler as an invocation begins, so that its lines carry the invocation's context. */
    public static void begin(Context context) {
        invocation = context;
    }

    /** Called as the invocation ends: the next one is warm. */
    public static void end() {
        invocation = null;
        coldStart = false;
    }

    static void write(Level level, String logger, String message, List<KeyValuePair> keyValues, Throwable error) {
        StringWriter line = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("timestamp", Instant.now().toString());
            json.writeStringField("level", level.name());
            json.writeStringField("logger", logger);
            json.writeStringField("message", message);
            if (keyValues != null) {
                for (KeyValuePair pair : keyValues) {
                    if (pair.value instanceof Number number) {
                        json.writeFieldName(pair.key);
                        json.writeNumber(number.toString());
                    } else if (pair.value != null) {
                        json.writeStringField(pair.key, pair.value.toString());
                    }
                }
            }
            if (error != null) {
                json.writeObjectFieldStart("error");
                json.writeStringField("name", error.getClass().getName());
                json.writeStringField("message", error.getMessage());
                json.writeStringField("stack", stackTrace(error));
                json.writeEndObject();
            }
            writeContext(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println(line); // Lambda's runtime owns System.out and turns each line into a log event
    }

    private static void writeContext(JsonGenerator json) throws IOException {
        json.writeStringField("service", "keysmith");
        json.writeBooleanField("cold_start", coldStart);
        Context context = invocation;
        if (context != null) {
            json.writeStringField("function_name", context.getFunctionName());
            json.writeStringField("function_version", context.getFunctionVersion());
            json.writeStringField("function_arn", context.getInvokedFunctionArn());
            json.writeNumberField("function_memory_size", context.getMemoryLimitInMB());
            json.writeStringField("function_request_id", context.getAwsRequestId());
        }
        String trace = System.getProperty("com.amazonaws.xray.traceHeader", System.getenv("_X_AMZN_TRACE_ID"));
        if (trace != null) {
            json.writeStringField("xray_trace_id", trace);
        }
    }

    private static String stackTrace(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
