package io.keysmith.store;

import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Small helpers to read and write DynamoDB attribute values. */
final class Items {
    private Items() {
    }

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

    static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    static long number(Map<String, AttributeValue> item, String name) {
        return Long.parseLong(item.get(name).n());
    }

    static Instant instant(Map<String, AttributeValue> item, String name) {
        return Instant.ofEpochMilli(number(item, name));
    }

    static byte[] bytes(Map<String, AttributeValue> item, String name) {
        return item.get(name).b().asByteArray();
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(KeysTableSchema.PK, s(pk), KeysTableSchema.SK, s(sk));
    }
}
