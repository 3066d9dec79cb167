package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The caller's account always comes from its principal ARN. */
class CallerTest {
    @Test
    void theAccountIsTheOneInTheArn() {
        Map<String, String> accounts = Map.of(
                "arn:aws:iam::111122223333:root", "111122223333",
                "arn:aws:iam::111122223333:user/alice", "111122223333",
                "arn:aws:iam::111122223333:user/division/team/alice", "111122223333",
                "arn:aws:iam::444455556666:role/service-role/App", "444455556666",
                "arn:aws:sts::444455556666:assumed-role/Admin/bob-session", "444455556666",
                "arn:aws-us-gov:sts::777788889999:federated-user/carol", "777788889999");
        accounts.forEach((arn, account) ->
                assertEquals(account, Caller.of(arn, "10.0.0.1", true).account(), arn));
        assertEquals(
                new Caller("arn:aws:iam::111122223333:root", "111122223333", "127.0.0.1", false),
                Caller.accountRoot("111122223333", "127.0.0.1", false));
    }

    @Test
    void anythingElseIsNoCaller() {
        for (String arn : List.of(
                "alice",
                "arn:aws:iam::1111:user/alice",
                "arn:aws:s3:::bucket",
                "arn:aws:iam::111122223333:group/admins",
                "arn:aws:sts::111122223333:assumed-role/OnlyRole",
                "arn:aws:iam::111122223333:user/",
                "arn:aws:iam::111122223333:user/a b",
                "")) {
            assertFalse(Caller.isPrincipalArn(arn), arn);
            assertThrows(IllegalArgumentException.class, () -> Caller.of(arn, "127.0.0.1", false), arn);
        }
        assertFalse(Caller.isPrincipalArn(null));
        // The account given beside the ARN cannot differ from it.
        assertThrows(
                IllegalArgumentException.class,
                () -> new Caller("arn:aws:iam::111122223333:user/alice", "999999999999", "127.0.0.1", false));
    }
}
