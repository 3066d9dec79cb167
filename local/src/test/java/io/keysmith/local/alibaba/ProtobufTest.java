package io.keysmith.local.alibaba;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.aliyun.dkms.gcs.openapi.util.protobuf.ApiModels;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The runner's protobuf codec against protobuf-java and the Alibaba SDK's generated message classes. */
class ProtobufTest {
    @Test
    void readsWhatTheSdksClassesWrite() throws Exception {
        byte[] wire = ApiModels.GenerateDataKeyPairRequest.newBuilder()
                .setKeyId("alias/ü-key")
                .setAlgorithm("AES_GCM")
                .setKeyPairSpec("EC_P256K")
                .setKeyFormat("DER")
                .setAad(ByteString.copyFrom(new byte[300]))
                .build()
                .toByteArray();
        Protobuf.Message message = Protobuf.parse(wire);
        assertEquals("alias/ü-key", message.string(1));
        assertEquals("AES_GCM", message.string(2));
        assertEquals("EC_P256K", message.string(3));
        assertEquals("DER", message.string(4));
        assertArrayEquals(new byte[300], message.bytes(5));
        assertEquals("", message.string(9));

        Protobuf.Message random = Protobuf.parse(ApiModels.GenerateRandomRequest.newBuilder()
                .setLength(1000)
                .build()
                .toByteArray());
        assertEquals(1000, random.int32(1));
        Protobuf.Message negative = Protobuf.parse(ApiModels.GenerateRandomRequest.newBuilder()
                .setLength(-5)
                .build()
                .toByteArray());
        assertEquals(-5, negative.int32(1));
    }

    @Test
    void writesWhatTheSdksClassesRead() throws Exception {
        byte[] wire = new Protobuf.Writer()
                .int32(1, 429)
                .string(2, "Rejected.Throttling")
                .string(3, "QPS Limit Exceeded")
                .string(4, "req-1")
                .toByteArray();
        ApiModels.Error error = ApiModels.Error.parseFrom(wire);
        assertEquals(429, error.getStatusCode());
        assertEquals("Rejected.Throttling", error.getErrorCode());
        assertEquals("QPS Limit Exceeded", error.getErrorMessage());
        assertEquals("req-1", error.getRequestId());

        byte[] big = new byte[70_000];
        big[69_999] = 7;
        ApiModels.DecryptResponse decrypted = ApiModels.DecryptResponse.parseFrom(
                new Protobuf.Writer().string(1, "k").bytes(2, big).toByteArray());
        assertArrayEquals(big, decrypted.getPlaintext().toByteArray());
        assertEquals("", decrypted.getRequestId());
    }

    @Test
    void malformedInputIsRefused() throws Exception {
        assertThrows(Protobuf.MalformedException.class, () -> Protobuf.parse(new byte[] {(byte) 0xff, 0x01}));
        assertThrows(Protobuf.MalformedException.class, () -> Protobuf.parse(new byte[] {0x0a, 0x05, 'a'}));
        assertThrows(Protobuf.MalformedException.class, () -> Protobuf.parse(new byte[] {0x08, (byte) 0x80}));
        assertThrows(Protobuf.MalformedException.class, () -> Protobuf.parse(new byte[] {0x00}));
        byte[] notUtf8 = {0x0a, 0x01, (byte) 0xc3};
        assertThrows(
                Protobuf.MalformedException.class, () -> Protobuf.parse(notUtf8).string(1));
        assertEquals(
                "ok",
                new String(Protobuf.parse(new byte[] {0x0a, 0x02, 'o', 'k'}).bytes(1), StandardCharsets.UTF_8));
    }
}
