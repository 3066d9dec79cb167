package io.keysmith.lambda.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkPojo;

/**
 * One call made by the SDK's client, the reference, and by a lean one, against the same {@link RecordingServer}: what
 * each sends, and what each returns or throws for the same reply, must be the same.
 */
final class SideBySide<C> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RecordingServer wire;
    private final C sdk;
    private final C lean;

    SideBySide(RecordingServer wire, C sdk, C lean) {
        this.wire = wire;
        this.sdk = sdk;
        this.lean = lean;
    }

    /** The same operation, content type and JSON body. */
    void assertSameRequest(Function<C, ?> call) throws IOException {
        call.apply(sdk);
        RecordingServer.Received expected = wire.last();
        call.apply(lean);
        RecordingServer.Received actual = wire.last();

        assertEquals(expected.header("X-Amz-Target"), actual.header("X-Amz-Target"));
        assertEquals(expected.header("Content-Type"), actual.header("Content-Type"));
        assertEquals(JSON.readTree(expected.body()), JSON.readTree(actual.body()), expected.header("X-Amz-Target"));
    }

    /** The same modeled members read from one 200 reply (equals() would also compare the SDK's own HTTP response). */
    void assertSameResponse(Function<C, ?> call, String reply) {
        wire.reply(RecordingServer.Reply.of(200, reply), RecordingServer.Reply.of(200, reply));
        SdkPojo expected = (SdkPojo) call.apply(sdk);
        SdkPojo actual = (SdkPojo) call.apply(lean);
        assertTrue(expected.equalsBySdkFields(actual), expected + "\n" + actual);
    }

    /** The same exception class, code, message and status for one 400 reply; both returned, for their members. */
    AwsServiceException[] assertSameError(Function<C, ?> call, String error) {
        wire.reply(RecordingServer.Reply.of(400, error), RecordingServer.Reply.of(400, error));
        AwsServiceException expected = assertThrows(AwsServiceException.class, () -> call.apply(sdk));
        AwsServiceException actual = assertThrows(AwsServiceException.class, () -> call.apply(lean));
        assertEquals(expected.getClass(), actual.getClass(), error);
        assertEquals(
                expected.awsErrorDetails().errorCode(), actual.awsErrorDetails().errorCode());
        assertEquals(
                expected.awsErrorDetails().errorMessage(),
                actual.awsErrorDetails().errorMessage());
        assertEquals(expected.statusCode(), actual.statusCode());
        assertEquals(expected.requestId() != null, actual.requestId() != null);
        return new AwsServiceException[] {expected, actual};
    }
}
