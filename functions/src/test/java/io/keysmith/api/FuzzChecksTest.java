package io.keysmith.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fuzz targets' bar can fail: a 500, an internal error, a stack trace or a loose error body is a finding. */
class FuzzChecksTest {
    private static ApiResponse response(int status, String body) {
        return new ApiResponse(status, body.getBytes(StandardCharsets.UTF_8), null);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "500|{\"__type\":\"KMSInternalException\",\"message\":\"x\"}",
                "400|{\"__type\":\"KMSInternalException\",\"message\":\"x\"}",
                "500|{\"__type\":\"ValidationException\",\"message\":\"x\"}",
                "400|{\"__type\":\"ValidationException\",\"message\":\"x\",\"stack\":\"at io.keysmith\"}",
                "400|{\"__type\":\"ValidationException\"}",
                "400|java.lang.NullPointerException",
                "302|{}",
            })
    void findings(int status, String body) {
        assertThrows(AssertionError.class, () -> FuzzChecks.requireAwsShaped(response(status, body)));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "200|{\"KeyId\":\"k\"}",
                "400|{\"__type\":\"ValidationException\",\"message\":\"x\"}",
                "404|{\"__type\":\"NotFoundException\",\"message\":\"x\"}",
            })
    void answers(int status, String body) {
        assertDoesNotThrow(() -> FuzzChecks.requireAwsShaped(response(status, body)));
    }
}
