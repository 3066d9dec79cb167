package io.keysmith.lambda;

import io.keysmith.json.JsonTrees;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Reads a secret through the AWS Parameters and Secrets Lambda Extension, which listens on
 * localhost inside the function's sandbox and authenticates callers by the function's session token.
 */
final class SecretsExtension {
    private final URI endpoint;
    private final String sessionToken;
    private final HttpClient http = HttpClient.newHttpClient();

    SecretsExtension(URI endpoint, String sessionToken) {
        this.endpoint = endpoint;
        this.sessionToken = sessionToken;
    }

    static SecretsExtension inLambda() {
        String port = System.getenv().getOrDefault("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", "2773");
        return new SecretsExtension(URI.create("http://localhost:" + port), System.getenv("AWS_SESSION_TOKEN"));
    }

    /** The secret's string value; never logged. */
    char[] secretString(String secretId) {
        URI uri =
                endpoint.resolve("/secretsmanager/get?secretId=" + URLEncoder.encode(secretId, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(uri)
                            .header("X-Aws-Parameters-Secrets-Token", sessionToken)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "the secrets extension answered " + response.statusCode() + " for " + secretId);
            }
            return JsonTrees.DEFAULT
                    .read(response.body())
                    .get("SecretString")
                    .asText()
                    .toCharArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the secrets extension for " + secretId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + secretId, e);
        }
    }
}
