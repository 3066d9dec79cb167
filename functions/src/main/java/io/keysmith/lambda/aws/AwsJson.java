package io.keysmith.lambda.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.utils.DateUtils;
import software.amazon.awssdk.utils.builder.Buildable;

/**
 * The AWS JSON 1.0 protocol's bodies, read and written from the SDK's own model classes: each class lists its
 * members (name on the wire, type, and for lists and maps the member's type), so one walk over those lists serves
 * every operation without the SDK's per-operation marshallers and their pipeline.
 */
final class AwsJson {
    // No buffers kept between calls: a request may hold the root key.
    private static final JsonFactory JSON = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.nonRecyclingPool())
            .build();

    private AwsJson() {}

    static byte[] write(SdkPojo request) {
        WipedBuffer out = new WipedBuffer();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            writePojo(json, request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            out.wipe();
        }
        return out.body;
    }

    /**
     * A request may hold a secret (the root key sent to KMS to be sealed): the body is copied out and the buffer
     * wiped. 1 KiB holds such a request without growing, which would leave the outgrown array unwiped.
     */
    private static final class WipedBuffer extends ByteArrayOutputStream {
        private byte[] body = new byte[0];

        WipedBuffer() {
            super(1024);
        }

        synchronized void wipe() {
            body = toByteArray();
            Arrays.fill(buf, (byte) 0);
        }
    }

    private static void writePojo(JsonGenerator json, SdkPojo pojo) throws IOException {
        json.writeStartObject();
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            // A list or map the caller never set is left out, as the SDK does; an empty one that was set is sent.
            if (value != null && !(value instanceof SdkAutoConstructList) && !(value instanceof SdkAutoConstructMap)) {
                json.writeFieldName(field.locationName());
                writeValue(json, field, value);
            }
        }
        json.writeEndObject();
    }

    private static void writeValue(JsonGenerator json, SdkField<?> field, Object value) throws IOException {
        MarshallingType<?> type = field.marshallingType();
        if (value == null) {
            json.writeNull(); // an element of a list
        } else if (MarshallingType.STRING.equals(type)) {
            json.writeString((String) value);
        } else if (MarshallingType.INTEGER.equals(type)) {
            json.writeNumber((Integer) value);
        } else if (MarshallingType.LONG.equals(type)) {
            json.writeNumber((Long) value);
        } else if (MarshallingType.DOUBLE.equals(type)) {
            json.writeNumber((Double) value);
        } else if (MarshallingType.BOOLEAN.equals(type)) {
            json.writeBoolean((Boolean) value);
        } else if (MarshallingType.INSTANT.equals(type)) {
            json.writeNumber(DateUtils.formatUnixTimestampInstant((Instant) value)); // as the SDK: seconds.millis
        } else if (MarshallingType.SDK_BYTES.equals(type)) {
            json.writeBinary(((SdkBytes) value).asByteArrayUnsafe()); // base64 with padding, and no String of it
        } else if (MarshallingType.SDK_POJO.equals(type)) {
            writePojo(json, (SdkPojo) value);
        } else if (MarshallingType.LIST.equals(type)) {
            SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
            json.writeStartArray();
            for (Object element : (List<?>) value) {
                writeValue(json, member, element);
            }
            json.writeEndArray();
        } else if (MarshallingType.MAP.equals(type)) {
            SdkField<?> member = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                if (entry.getValue() != null) { // left out, as the SDK does (a list keeps its nulls)
                    json.writeFieldName((String) entry.getKey());
                    writeValue(json, member, entry.getValue());
                }
            }
            json.writeEndObject();
        } else {
            throw new IllegalArgumentException("no JSON form for a " + type + " member: " + field.memberName());
        }
    }

    /** Reads a JSON object into the builder of a response or exception, and builds it. */
    static <T> T read(JsonNode object, SdkPojo builder, Class<T> type) {
        return type.cast(readPojo(object, builder));
    }

    private static Object readPojo(JsonNode object, SdkPojo builder) {
        fill(object, builder);
        return ((Buildable) builder).build();
    }

    /** Sets the builder's members that the JSON object has. */
    static void fill(JsonNode object, SdkPojo builder) {
        for (SdkField<?> field : builder.sdkFields()) {
            JsonNode value = object.get(field.unmarshallLocationName());
            if (value != null && !value.isNull()) {
                field.set(builder, readValue(field, value));
            }
        }
    }

    private static Object readValue(SdkField<?> field, JsonNode value) {
        MarshallingType<?> type = field.marshallingType();
        if (MarshallingType.STRING.equals(type)) {
            return value.asText();
        } else if (MarshallingType.INTEGER.equals(type)) {
            return value.intValue();
        } else if (MarshallingType.LONG.equals(type)) {
            return value.longValue();
        } else if (MarshallingType.DOUBLE.equals(type)) {
            return value.doubleValue();
        } else if (MarshallingType.BOOLEAN.equals(type)) {
            return value.booleanValue();
        } else if (MarshallingType.INSTANT.equals(type)) {
            return DateUtils.parseUnixTimestampInstant(value.asText());
        } else if (MarshallingType.SDK_BYTES.equals(type)) {
            return SdkBytes.fromByteArrayUnsafe(Base64.getDecoder().decode(value.asText()));
        } else if (MarshallingType.SDK_POJO.equals(type)) {
            Supplier<SdkPojo> builder = field.constructor();
            return readPojo(value, builder.get());
        } else if (MarshallingType.LIST.equals(type)) {
            SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
            List<Object> list = new ArrayList<>(value.size());
            value.forEach(element -> list.add(element.isNull() ? null : readValue(member, element)));
            return Collections.unmodifiableList(list);
        } else if (MarshallingType.MAP.equals(type)) {
            SdkField<?> member = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : value.properties()) {
                JsonNode element = entry.getValue();
                map.put(entry.getKey(), element.isNull() ? null : readValue(member, element));
            }
            return Collections.unmodifiableMap(map);
        }
        throw new IllegalArgumentException("no JSON form for a " + type + " member: " + field.memberName());
    }
}
