package io.keysmith.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keysmith.core.Caller;
import io.keysmith.core.InMemoryPorts;
import io.keysmith.core.TestCallers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The grant operations over a core with in-memory ports: shapes, idempotence, tokens, who may retire. */
class GrantOperationsTest {
    private static final String APP = "arn:aws:iam::111122223333:role/App";
    private static final String OPS = "arn:aws:iam::111122223333:user/ops";
    private static final Caller APP_SESSION =
            Caller.of("arn:aws:sts::111122223333:assumed-role/App/session-1", "127.0.0.1", false);
    private static final Caller OPS_USER = Caller.of(OPS, "127.0.0.1", false);
    private static final Caller STRANGER = Caller.of("arn:aws:iam::444455556666:user/eve", "127.0.0.1", false);
    private final KmsApi api = new KmsApi(InMemoryPorts.keysmith());

    private JsonNode call(String operation, String body) throws Exception {
        return call(operation, body, TestCallers.ROOT);
    }

    private JsonNode call(String operation, String body, Caller caller) throws Exception {
        ApiResponse response =
                api.handle(new ApiRequest("TrentService." + operation, body.getBytes(StandardCharsets.UTF_8), caller));
        assertEquals(200, response.status(), response.bodyText());
        return TestJson.MAPPER.readTree(response.body());
    }

    private void assertError(String operation, String body, Caller caller, String code, String message)
            throws Exception {
        ApiResponse response =
                api.handle(new ApiRequest("TrentService." + operation, body.getBytes(StandardCharsets.UTF_8), caller));
        JsonNode error = TestJson.MAPPER.readTree(response.body());
        assertEquals(400, response.status(), response.bodyText());
        assertEquals(code, error.get("__type").asText(), response.bodyText());
        if (message != null) {
            assertEquals(message, error.get("message").asText());
        }
    }

    private String createKey(String body) throws Exception {
        return call("CreateKey", body).get("KeyMetadata").get("KeyId").asText();
    }

    private JsonNode createGrant(String keyId, String members) throws Exception {
        return call("CreateGrant", "{\"KeyId\":\"" + keyId + "\"," + members + "}");
    }

    private JsonNode grants(String keyId) throws Exception {
        return call("ListGrants", "{\"KeyId\":\"" + keyId + "\"}").get("Grants");
    }

    @Test
    void aCreatedGrantIsListedAsAwsShowsIt() throws Exception {
        // Given
        String keyId = createKey("{}");

        // When
        JsonNode created = createGrant(
                keyId,
                "\"GranteePrincipal\":\"" + APP + "\",\"RetiringPrincipal\":\"" + OPS + "\","
                        + "\"Operations\":[\"Decrypt\",\"GenerateDataKey\",\"Decrypt\"],\"Name\":\"batch\","
                        + "\"Constraints\":{\"EncryptionContextSubset\":{\"Department\":\"IT\"}}");

        // Then
        String grantId = created.get("GrantId").asText();
        assertTrue(grantId.matches("[0-9a-f]{64}"), grantId);
        assertFalse(created.get("GrantToken").asText().isEmpty());
        JsonNode listed = grants(keyId);
        assertEquals(1, listed.size());
        JsonNode entry = listed.get(0);
        assertEquals(
                "arn:aws:kms:us-east-1:111122223333:key/" + keyId,
                entry.get("KeyId").asText());
        assertEquals(grantId, entry.get("GrantId").asText());
        assertEquals("batch", entry.get("Name").asText());
        assertEquals(APP, entry.get("GranteePrincipal").asText());
        assertEquals(OPS, entry.get("RetiringPrincipal").asText());
        assertEquals(
                "arn:aws:iam::111122223333:root", entry.get("IssuingAccount").asText());
        assertEquals(
                "[\"Decrypt\",\"GenerateDataKey\"]", entry.get("Operations").toString());
        assertEquals(
                "{\"EncryptionContextSubset\":{\"Department\":\"IT\"}}",
                entry.get("Constraints").toString());
        assertTrue(entry.get("CreationDate").isNumber());
    }

    @Test
    void theSameNameAndParametersGiveTheSameGrantWithANewToken() throws Exception {
        String keyId = createKey("{}");
        String members = "\"GranteePrincipal\":\"" + APP + "\",\"Operations\":[\"Encrypt\"],\"Name\":\"n1\"";
        JsonNode first = createGrant(keyId, members);
        JsonNode again = createGrant(keyId, members);
        JsonNode otherOperations =
                createGrant(keyId, "\"GranteePrincipal\":\"" + APP + "\",\"Operations\":[\"Decrypt\"],\"Name\":\"n1\"");

        assertEquals(first.get("GrantId"), again.get("GrantId"));
        assertNotEquals(first.get("GrantToken"), again.get("GrantToken"));
        assertNotEquals(first.get("GrantId"), otherOperations.get("GrantId"));
        assertEquals(2, grants(keyId).size());
    }

    @Test
    void dryRunCreatesNothing() throws Exception {
        String keyId = createKey("{}");
        assertError(
                "CreateGrant",
                "{\"KeyId\":\"" + keyId + "\",\"GranteePrincipal\":\"" + APP
                        + "\",\"Operations\":[\"Encrypt\"],\"DryRun\":true}",
                TestCallers.ROOT,
                "DryRunOperationException",
                "The request would have succeeded, but the DryRun option is set.");
        assertEquals(0, grants(keyId).size());
    }

    @Test
    void operationsMustSuitTheKeyType() throws Exception {
        String signingKey = createKey("{\"KeySpec\":\"ECC_NIST_P256\",\"KeyUsage\":\"SIGN_VERIFY\"}");
        assertError(
                "CreateGrant",
                "{\"KeyId\":\"" + signingKey + "\",\"GranteePrincipal\":\"" + APP
                        + "\",\"Operations\":[\"Sign\",\"Encrypt\"]}",
                TestCallers.ROOT,
                "ValidationException",
                "Grant operations [Encrypt] are not valid for a KMS key with KeySpec ECC_NIST_P256 and KeyUsage "
                        + "SIGN_VERIFY.");
        createGrant(signingKey, "\"GranteePrincipal\":\"" + APP + "\",\"Operations\":[\"Sign\",\"DescribeKey\"]");
        assertError(
                "CreateGrant",
                "{\"KeyId\":\"" + signingKey + "\",\"GranteePrincipal\":\"" + APP + "\",\"Operations\":[]}",
                TestCallers.ROOT,
                "ValidationException",
                null);
        assertError(
                "CreateGrant",
                "{\"KeyId\":\"" + signingKey + "\",\"GranteePrincipal\":\"App\",\"Operations\":[\"Sign\"]}",
                TestCallers.ROOT,
                "ValidationException",
                "Invalid principal: App");
    }

    @Test
    void listGrantsPagesAndFilters() throws Exception {
        // Given five grants, three of them to APP, on one key
        String keyId = createKey("{}");
        List<String> appGrants = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String grantee = i % 2 == 0 ? APP : OPS;
            String id = createGrant(keyId, "\"GranteePrincipal\":\"" + grantee + "\",\"Operations\":[\"Encrypt\"]")
                    .get("GrantId")
                    .asText();
            if (grantee.equals(APP)) {
                appGrants.add(id);
            }
        }

        // When
        List<String> seen = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            JsonNode page = call(
                    "ListGrants",
                    "{\"KeyId\":\"" + keyId + "\",\"Limit\":2,\"GranteePrincipal\":\"" + APP + "\""
                            + (marker == null ? "" : ",\"Marker\":\"" + marker + "\"") + "}");
            page.get("Grants").forEach(g -> seen.add(g.get("GrantId").asText()));
            marker = page.get("Truncated").asBoolean() ? page.get("NextMarker").asText() : null;
            pages++;
        } while (marker != null);

        // Then
        assertEquals(appGrants.stream().sorted().toList(), seen);
        assertEquals(2, pages);
        JsonNode one = call("ListGrants", "{\"KeyId\":\"" + keyId + "\",\"GrantId\":\"" + appGrants.get(1) + "\"}");
        assertEquals(1, one.get("Grants").size());
        assertFalse(one.get("Truncated").asBoolean());
    }

    @Test
    void retireByTokenOrIdIsForTheRetiringPrincipalTheGranteeWithRetireGrantAndTheAccount() throws Exception {
        // Given
        String keyId = createKey("{}");
        JsonNode byOps = createGrant(
                keyId,
                "\"GranteePrincipal\":\"" + APP + "\",\"RetiringPrincipal\":\"" + OPS + "\","
                        + "\"Operations\":[\"Encrypt\"]");
        JsonNode bySession =
                createGrant(keyId, "\"GranteePrincipal\":\"" + APP + "\",\"Operations\":[\"Encrypt\",\"RetireGrant\"]");
        JsonNode byAccount = createGrant(keyId, "\"GranteePrincipal\":\"" + APP + "\",\"Operations\":[\"Encrypt\"]");
        String token = "{\"GrantToken\":\"" + byOps.get("GrantToken").asText() + "\"}";

        // When / Then
        assertError("RetireGrant", token, APP_SESSION, "AccessDeniedException", null);
        assertError("RetireGrant", token, STRANGER, "AccessDeniedException", null);
        assertError(
                "RetireGrant",
                "{\"GrantToken\":\"" + byOps.get("GrantToken").asText() + "\",\"DryRun\":true}",
                OPS_USER,
                "DryRunOperationException",
                null);
        call("RetireGrant", token, OPS_USER);
        call(
                "RetireGrant",
                "{\"KeyId\":\"" + keyId + "\",\"GrantId\":\""
                        + bySession.get("GrantId").asText() + "\"}",
                APP_SESSION);
        call(
                "RetireGrant",
                "{\"KeyId\":\"" + keyId + "\",\"GrantId\":\""
                        + byAccount.get("GrantId").asText() + "\"}");
        assertEquals(0, grants(keyId).size());
        assertError("RetireGrant", token, OPS_USER, "NotFoundException", null);
        assertError("RetireGrant", "{\"KeyId\":\"" + keyId + "\"}", OPS_USER, "ValidationException", null);
    }

    @Test
    void forgedAlteredAndOtherKeysTokensAreInvalid() throws Exception {
        // Given
        String keyId = createKey("{}");
        String otherKey = createKey("{}");
        String token = createGrant(keyId, "\"GranteePrincipal\":\"" + APP + "\",\"Operations\":[\"Encrypt\"]")
                .get("GrantToken")
                .asText();
        byte[] bytes = Base64.getUrlDecoder().decode(token);
        bytes[20] ^= 1;
        String altered = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String grantee = "\"GranteePrincipal\":\"" + APP + "\",\"Operations\":[\"Encrypt\"]";

        // When / Then
        for (String bad : List.of(altered, "not-a-token", token.substring(1))) {
            assertError(
                    "RetireGrant",
                    "{\"GrantToken\":\"" + bad + "\"}",
                    TestCallers.ROOT,
                    "InvalidGrantTokenException",
                    "Invalid grant token.");
            assertError(
                    "CreateGrant",
                    "{\"KeyId\":\"" + keyId + "\"," + grantee + ",\"GrantTokens\":[\"" + bad + "\"]}",
                    TestCallers.ROOT,
                    "InvalidGrantTokenException",
                    "Invalid grant token.");
        }
        assertError(
                "CreateGrant",
                "{\"KeyId\":\"" + otherKey + "\"," + grantee + ",\"GrantTokens\":[\"" + token + "\"]}",
                TestCallers.ROOT,
                "InvalidGrantTokenException",
                "Invalid grant token.");
        assertError(
                "RetireGrant",
                "{\"GrantToken\":\"" + token + "\",\"KeyId\":\"" + otherKey + "\"}",
                TestCallers.ROOT,
                "InvalidGrantTokenException",
                "Invalid grant token.");
        createGrant(keyId, grantee + ",\"GrantTokens\":[\"" + token + "\"]");
        assertEquals(2, grants(keyId).size());
    }

    @Test
    void revokeDeletesAndNamesWhatIsMissing() throws Exception {
        String keyId = createKey("{}");
        String grantId = createGrant(keyId, "\"GranteePrincipal\":\"" + APP + "\",\"Operations\":[\"Encrypt\"]")
                .get("GrantId")
                .asText();
        String revoke = "{\"KeyId\":\"" + keyId + "\",\"GrantId\":\"" + grantId + "\"";
        assertError("RevokeGrant", revoke + ",\"DryRun\":true}", TestCallers.ROOT, "DryRunOperationException", null);
        assertEquals(1, grants(keyId).size());
        call("RevokeGrant", revoke + "}");
        assertEquals(0, grants(keyId).size());
        assertError(
                "RevokeGrant",
                revoke + "}",
                TestCallers.ROOT,
                "NotFoundException",
                "Grant ID " + grantId + " not found.");
        assertError(
                "RevokeGrant",
                "{\"KeyId\":\"" + keyId + "\",\"GrantId\":\"nope\"}",
                TestCallers.ROOT,
                "InvalidGrantIdException",
                "Invalid grant ID: nope");
    }

    @Test
    void retirableGrantsAreListedAcrossKeys() throws Exception {
        String first = createKey("{}");
        String second = createKey("{}");
        String retiring = "\"GranteePrincipal\":\"" + APP + "\",\"RetiringPrincipal\":\"" + OPS
                + "\",\"Operations\":[\"Encrypt\"]";
        createGrant(first, retiring);
        createGrant(second, retiring);
        createGrant(second, "\"GranteePrincipal\":\"" + APP + "\",\"Operations\":[\"Encrypt\"]");

        JsonNode page = call("ListRetirableGrants", "{\"RetiringPrincipal\":\"" + OPS + "\",\"Limit\":1}");
        JsonNode rest = call(
                "ListRetirableGrants",
                "{\"RetiringPrincipal\":\"" + OPS + "\",\"Marker\":\""
                        + page.get("NextMarker").asText() + "\"}");

        assertTrue(page.get("Truncated").asBoolean());
        assertEquals(1, rest.get("Grants").size());
        assertFalse(rest.get("Truncated").asBoolean());
        assertNotEquals(
                page.get("Grants").get(0).get("KeyId"),
                rest.get("Grants").get(0).get("KeyId"));
    }
}
