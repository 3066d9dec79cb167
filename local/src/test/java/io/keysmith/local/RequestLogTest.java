package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The request log line: every field present, nothing null, nothing a client could use to forge a line. */
class RequestLogTest {
    private static final Instant AT = Instant.parse("2026-11-30T13:23:53.503248824Z");

    @Test
    void aSuccessfulCallHasEveryFieldAndNothingAfterTheLatency() {
        assertEquals(
                "2026-11-30T13:23:53.503Z caller=arn:aws:iam::111122223333:user/alice operation=CreateKey "
                        + "key=arn:aws:kms:us-east-1:000000000000:key/k status=200 error=- decision=- decided_by=- latency_ms=3.2",
                RequestLog.line(
                        AT,
                        "arn:aws:iam::111122223333:user/alice",
                        "CreateKey",
                        "arn:aws:kms:us-east-1:000000000000:key/k",
                        200,
                        null,
                        3.24));
    }

    @Test
    void theLatencyReadsAsPercentPointOneFPrintsIt() {
        for (double millis : new double[] {0, 0.04, 0.05, 0.94, 0.96, 1.25, 3.24, 9.95, 99.99, 1234.56}) {
            assertEquals(String.format(java.util.Locale.ROOT, "%.1f", millis), RequestLog.tenths(millis), "" + millis);
        }
    }

    @Test
    void absentFieldsAreDashesNeverNull() {
        String line = RequestLog.line(AT, null, null, "", 404, "UnknownOperationException", 0.04);
        assertEquals(
                "2026-11-30T13:23:53.503Z caller=- operation=- key=- status=404 error=UnknownOperationException "
                        + "decision=- decided_by=- latency_ms=0.0",
                line);
        assertFalse(line.contains("null"));
    }

    @Test
    void anAuthorizedCallNamesItsDecisionAndTheStatementThatMadeIt() {
        assertEquals(
                "2026-11-30T13:23:53.503Z caller=arn:aws:iam::111122223333:user/bob operation=DescribeKey "
                        + "key=arn:aws:kms:us-east-1:111122223333:key/k status=400 error=AccessDeniedException "
                        + "decision=EXPLICIT_DENY decided_by=KEY_POLICY:Deny?Bob latency_ms=1.0",
                RequestLog.line(
                        AT,
                        "arn:aws:iam::111122223333:user/bob",
                        "DescribeKey",
                        "arn:aws:kms:us-east-1:111122223333:key/k",
                        400,
                        "AccessDeniedException",
                        "EXPLICIT_DENY",
                        "KEY_POLICY:Deny Bob",
                        1.0));
    }

    @Test
    void clientTextCannotAddFieldsOrLines() {
        assertEquals("alias/x?status=200?\u003f2026", RequestLog.field("alias/x status=200\n\u00e92026"));
        String longKey = "k".repeat(1000);
        assertEquals("k".repeat(256) + "...", RequestLog.field(longKey));
    }
}
