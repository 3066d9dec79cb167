package io.keysmith.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.keysmith.json.JsonTrees;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * API Gateway's REST proxy event, read from and written as the JSON the runtime passes. Reading the few members the
 * handler uses from a tree costs a cold start far less than the runtime's reflective binding of the whole event.
 */
final class ProxyEvents {
    private static final JsonFactory JSON = new JsonFactory();

    private ProxyEvents() {}

    /** The members the handler reads: method, resource, path, headers, body and the verified request context. */
    static APIGatewayProxyRequestEvent read(byte[] json) {
        JsonNode event;
        try {
            event = JsonTrees.DEFAULT.read(json);
        } catch (IOException e) {
            // Jackson's message quotes the input, which may hold a plaintext: it goes nowhere.
            throw new IllegalArgumentException("the event is not JSON");
        }
        if (event == null || !event.isObject()) {
            throw new IllegalArgumentException("the event is not a JSON object");
        }
        JsonNode context = event.path("requestContext");
        JsonNode identity = context.path("identity");
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod(text(event, "httpMethod"))
                .withResource(text(event, "resource"))
                .withPath(text(event, "path"))
                .withHeaders(headers(event.path("headers")))
                .withBody(text(event, "body"))
                .withIsBase64Encoded(event.path("isBase64Encoded").asBoolean(false))
                .withRequestContext(
                        context.isObject()
                                ? new APIGatewayProxyRequestEvent.ProxyRequestContext()
                                        .withApiId(text(context, "apiId"))
                                        .withStage(text(context, "stage"))
                                        .withIdentity(
                                                identity.isObject()
                                                        ? new APIGatewayProxyRequestEvent.RequestIdentity()
                                                                .withUserArn(text(identity, "userArn"))
                                                                .withAccountId(text(identity, "accountId"))
                                                                .withSourceIp(text(identity, "sourceIp"))
                                                        : null)
                                : null);
    }

    /** The proxy response: status, headers and a text body. */
    static void write(APIGatewayProxyResponseEvent response, OutputStream out) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("statusCode", response.getStatusCode());
            json.writeObjectFieldStart("headers");
            for (Map.Entry<String, String> header : response.getHeaders().entrySet()) {
                json.writeStringField(header.getKey(), header.getValue());
            }
            json.writeEndObject();
            json.writeStringField("body", response.getBody());
            json.writeBooleanField("isBase64Encoded", false);
            json.writeEndObject();
        }
    }

    /** A member that is a string; null when absent, null or of another type. */
    private static String text(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    private static Map<String, String> headers(JsonNode headers) {
        if (!headers.isObject()) {
            return null;
        }
        Map<String, String> result = new LinkedHashMap<>();
        headers.properties().forEach(header -> {
            if (header.getValue().isTextual()) {
                result.put(header.getKey(), header.getValue().textValue());
            }
        });
        return result;
    }
}
