package io.keysmith.store;

import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Small helpers to read and write DynamoDB attribute values. */
final class Items {
    private Items() {}

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static AttributeValue b(byte[] value) {
        return AttributeValue.fromB(SdkBytes.fromByteArray(value));
    }

    static AttributeValue time(Instant value) {
        return n(value.toEpochMilli());
    }

    /** Puts the value only when it is not null: DynamoDB items carry no nulls. */
    static void putIfPresent(Map<String, AttributeValue> item, String name, Object value) {
        if (value instanceof String text) {
            item.put(name, s(text));
        } else if (value instanceof Enum<?> constant) {
            item.put(name, s(constant.name()));
        } else if (value instanceof Instant instant) {
            item.put(name, time(instant));
        } else if (value instanceof Integer number) {
            item.put(name, n(number));
        } else if (value instanceof byte[] bytes) {
            item.put(name, b(bytes));
        } else if (value != null) {
            throw new IllegalArgumentException("unsupported attribute type " + value.getClass());
        }
    }

    static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    /** An enum attribute, stored as its constant's name; null when absent. */
    static <E extends Enum<E>> E constant(Map<String, AttributeValue> item, String name, Class<E> type) {
        String value = string(item, name);
        return value == null ? null : Enum.valueOf(type, value);
    }

    static long number(Map<String, AttributeValue> item, String name) {
        return Long.parseLong(item.get(name).n());
    }

    static Integer optionalInt(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : Integer.parseInt(value.n());
    }

    static Instant instant(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : Instant.ofEpochMilli(Long.parseLong(value.n()));
    }

    static byte[] bytes(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.b().asByteArray();
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(KeysTableSchema.PK, s(pk), KeysTableSchema.SK, s(sk));
    }
}
