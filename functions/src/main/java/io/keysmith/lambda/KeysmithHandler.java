package io.keysmith.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.keysmith.api.ApiRequest;
import io.keysmith.api.ApiResponse;
import io.keysmith.api.HttpRouting;
import io.keysmith.api.KmsApi;
import io.keysmith.api.RequestRecord;
import io.keysmith.core.Caller;
import io.keysmith.core.DataKeyPairSpec;
import io.keysmith.core.DataSealer;
import io.keysmith.core.EncryptionContext;
import io.keysmith.core.KeyMaterial;
import io.keysmith.core.KeyPairSource;
import io.keysmith.core.Keysmith;
import io.keysmith.core.Randomness;
import io.keysmith.core.RootKey;
import io.keysmith.core.SecretBytes;
import io.keysmith.lambda.log.Emf;
import io.keysmith.lambda.log.JsonLog;
import io.keysmith.rootkey.DynamoDbRootKey;
import io.keysmith.rootkey.Pkcs11RootKey;
import io.keysmith.wiring.KeysmithSettings;
import io.keysmith.wiring.KeysmithWiring;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The Lambda entry point: API Gateway proxy event in, the same api layer as the local runner,
 * proxy response out. It is a CRaC resource so that a SnapStart restore renews randomness.
 */
public final class KeysmithHandler implements RequestStreamHandler, Resource {
    static final String METRICS_NAMESPACE = "Keysmith";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KeysmithHandler.class);
    private final Randomness randomness;
    private final RootKey rootKey;
    private final Keysmith keysmith;
    private final KmsApi api;
    private final ApiGatewayCaller callers;

    public KeysmithHandler() {
        this(LambdaSettings.fromEnvironment(System.getenv()), System.getenv());
    }

    private KeysmithHandler(LambdaSettings settings, Map<String, String> env) {
        this(
                settings,
                ApiGatewayCaller.fromEnvironment(env),
                LambdaWiring.dynamo(settings),
                new Randomness(),
                env.get("AWS_LAMBDA_INITIALIZATION_TYPE"));
    }

    /** Lambda's AWS_LAMBDA_INITIALIZATION_TYPE values of an init that no snapshot is taken of. */
    private static final Set<String> WARMED_UP_INITS = Set.of("on-demand", "provisioned-concurrency");

    /**
     * The function's own init. In an on-demand or provisioned-concurrency init (never a SnapStart one) the first
     * request's path is walked too, and the root key read, so that the first request does not load and interpret
     * them.
     *
     * @param initializationType Lambda's AWS_LAMBDA_INITIALIZATION_TYPE: {@code on-demand}, {@code
     *     provisioned-concurrency} or {@code snap-start}
     */
    KeysmithHandler(
            LambdaSettings settings,
            ApiGatewayCaller callers,
            DynamoDbClient dynamo,
            Randomness randomness,
            String initializationType) {
        this(settings, callers, dynamo, randomness, LambdaWiring.rsaPoolSizes(System.getenv()));
        // Only where no snapshot is taken: a SnapStart init primes in beforeCheckpoint, without the root key.
        if (initializationType != null && WARMED_UP_INITS.contains(initializationType)) {
            warmUp();
        }
    }

    /** With the clock of a test, which also times the key cache; without an RSA pool. */
    KeysmithHandler(
            LambdaSettings settings,
            ApiGatewayCaller callers,
            DynamoDbClient dynamo,
            Randomness randomness,
            Clock clock) {
        this(settings, callers, dynamo, randomness, clock, Map.of());
    }

    /** With the RSA pool of these sizes. */
    KeysmithHandler(
            LambdaSettings settings,
            ApiGatewayCaller callers,
            DynamoDbClient dynamo,
            Randomness randomness,
            Map<DataKeyPairSpec, Integer> rsaPool) {
        this(settings, callers, dynamo, randomness, Clock.systemUTC(), rsaPool);
    }

    /**
     * @param clock   times the key cache
     * @param rsaPool the RSA pool's sizes: requests of these specs claim a pair from the pool in the keys table
     *                first; empty for no pool
     */
    KeysmithHandler(
            LambdaSettings settings,
            ApiGatewayCaller callers,
            DynamoDbClient dynamo,
            Randomness randomness,
            Clock clock,
            Map<DataKeyPairSpec, Integer> rsaPool) {
        this.randomness = randomness;
        this.callers = callers;
        this.rootKey = LambdaWiring.rootKey(settings, dynamo, randomness);
        KeysmithSettings graph = LambdaWiring.keysmithSettings(settings, dynamo, rootKey, randomness, clock);
        // Nothing is claimed or derived here: a pair is claimed by the request that hands it out, after the restore.
        KeyPairSource readyPairs = rsaPool.isEmpty()
                ? KeyPairSource.NONE
                : LambdaWiring.rsaPool(settings, dynamo, rootKey, randomness, rsaPool, RsaPoolMetrics::taken);
        this.keysmith = KeysmithWiring.keysmith(graph, readyPairs);
        this.api = KeysmithWiring.api(graph, keysmith);
        Core.getGlobalContext().register(this);
    }

    /** For tests: the root key this handler uses. */
    RootKey rootKey() {
        return rootKey;
    }

    /** The runtime passes the event's JSON as it came; reading it here spares the runtime's reflective binding. */
    @Override
    public void handleRequest(InputStream event, OutputStream response, Context context) throws IOException {
        JsonLog.begin(context);
        try {
            byte[] json = event.readAllBytes();
            APIGatewayProxyRequestEvent request;
            try {
                request = ProxyEvents.read(json);
            } finally {
                Arrays.fill(json, (byte) 0); // our copy of a plaintext in the body; the runtime's are out of reach
            }
            ProxyEvents.write(handle(request), response);
        } finally {
            JsonLog.end();
        }
    }

    APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event) {
        // API Gateway routes only POST / here; the same HTTP rules as the local runner, should that change.
        String method = event.getHttpMethod();
        // The resource ("/") rather than the path, which carries a custom domain's base path.
        String path = event.getResource() != null ? event.getResource() : event.getPath();
        if (HttpRouting.isHealth(method, path)) {
            return new APIGatewayProxyResponseEvent()
                    .withStatusCode(200)
                    .withHeaders(Map.of("Content-Type", HttpRouting.HEALTH_CONTENT_TYPE))
                    .withBody(new String(HttpRouting.healthBody(), StandardCharsets.US_ASCII));
        }
        HttpRouting.Refusal refusal = HttpRouting.check(
                method == null ? "POST" : method, path == null ? "/" : path, header(event, "Content-Type"), false);
        if (refusal == null) {
            try {
                return answer(event, callers.callerOf(event));
            } catch (ApiGatewayCaller.Refused refused) {
                // Only a direct invoke or a misconfigured API sends such an event: worth a line in the log.
                LOG.warn(
                        "refused an event: {} (apiId {}, stage {})",
                        refused.getMessage(),
                        event.getRequestContext() == null
                                ? null
                                : event.getRequestContext().getApiId(),
                        event.getRequestContext() == null
                                ? null
                                : event.getRequestContext().getStage());
                refusal = refused.refusal();
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", ApiResponse.CONTENT_TYPE);
        if (refusal.allow() != null) {
            headers.put("Allow", refusal.allow());
        }
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(refusal.status())
                .withHeaders(headers)
                .withBody(new String(refusal.body(), StandardCharsets.UTF_8));
    }

    private APIGatewayProxyResponseEvent answer(APIGatewayProxyRequestEvent event, Caller caller) {
        String body = event.getBody() == null ? "" : event.getBody();
        byte[] bytes = Boolean.TRUE.equals(event.getIsBase64Encoded())
                ? Base64.getMimeDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        ApiRequest request = new ApiRequest(header(event, "X-Amz-Target"), bytes, caller);
        ApiResponse response = api.handle(request);
        request.wipe();
        record(response.record());
        // The proxy response needs a String, which cannot be wiped; the bytes behind it can.
        String responseBody = response.bodyText();
        response.wipe();
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(response.status())
                .withHeaders(Map.of("Content-Type", ApiResponse.CONTENT_TYPE))
                .withBody(responseBody);
    }

    /** Request count and latency per operation and KeyPairSpec, as CloudWatch EMF. */
    private static void record(RequestRecord r) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        // A target outside the model is one dimension value, so callers cannot mint metrics at will.
        dimensions.put("Operation", r.outcome().equals("UnknownOperationException") ? "Unknown" : r.operation());
        if (r.keyPairSpec() != null) {
            dimensions.put("KeyPairSpec", r.keyPairSpec());
        }
        Map<String, Emf.Value> metrics = new LinkedHashMap<>();
        metrics.put("Requests", Emf.Value.count(1));
        metrics.put("Latency", Emf.Value.milliseconds(r.latencyMs()));
        if (!r.outcome().equals("Success")) {
            metrics.put("Errors", Emf.Value.count(1));
        }
        Emf.write(METRICS_NAMESPACE, dimensions, metrics);
    }

    /** Header names arrive in whatever case the client sent. */
    private static String header(APIGatewayProxyRequestEvent event, String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers != null) {
            for (Map.Entry<String, String> header : headers.entrySet()) {
                if (header.getKey().equalsIgnoreCase(name)) {
                    return header.getValue();
                }
            }
        }
        return null;
    }

    /**
     * Walks the request path once before the snapshot, so that a restored copy does not load and interpret it on its
     * first request: the api's JSON and validation, the key lookup with the DynamoDB client's request, signing,
     * HTTP and response classes (a GenerateDataKeyPair for a key id that cannot exist: the Query returns before the
     * checkpoint and finds nothing, so no key, material or root key is read), then key generation and sealing under
     * a throwaway material. Nothing is drawn from the handler's randomness: the priming work has its own, and all
     * it makes is discarded. The root key is never in a snapshot (it is read on first use after the restore, and
     * anything loaded before the checkpoint is dropped here), nor is any key's material (the key cache is cleared).
     * No pooled RSA pair is in it either: the function holds none between requests (a request claims its
     * pair, hands it out and wipes it), and priming claims none.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
        keysmith.clearKeyCache(); // no key's material in a snapshot
        if (rootKey instanceof DynamoDbRootKey stored) {
            stored.unload();
        }
    }

    /** The first request's path walked, and the root key read, while a second thread generates a throwaway key. */
    private void warmUp() {
        FutureTask<Void> secondThread = new FutureTask<>(KeysmithHandler::primeCrypto, null);
        Thread.ofPlatform().name("keysmith-init").daemon().start(secondThread);
        primeRequestPath();
        readRootKey();
        try {
            secondThread.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error; // e.g. out of memory: not for the first request to meet
            }
            LOG.warn("priming key generation failed: {}", e.getCause().toString()); // it only saves time
        }
    }

    private void readRootKey() {
        if (rootKey instanceof DynamoDbRootKey stored) {
            try {
                stored.id();
            } catch (RuntimeException e) {
                // The first request reads it again, and fails closed if it still cannot.
                LOG.warn("reading the root key during init failed: {}", e.toString());
            }
        }
    }

    private void prime() {
        primeCrypto();
        primeRequestPath();
    }

    private void primeRequestPath() {
        try {
            api.prime(Caller.accountRoot(keysmith.location().account(), "127.0.0.1", true));
        } catch (RuntimeException e) {
            // Priming only saves time: a function without it is still correct.
            LOG.warn("priming the request path failed: {}", e.toString());
        }
    }

    /** Key generation and sealing under a throwaway material, with randomness of its own. */
    private static void primeCrypto() {
        Randomness throwaway = new Randomness();
        try (SecretBytes privateKey = DataKeyPairSpec.ECC_NIST_P256
                        .generate(throwaway.generator())
                        .privateKey();
                KeyMaterial material = new KeyMaterial("00".repeat(32), new SecretBytes(throwaway.bytes(32)))) {
            byte[] sealed = new DataSealer(throwaway)
                    .seal(
                            material,
                            UUID.fromString(KmsApi.PRIMING_KEY_ID),
                            EncryptionContext.canonical(Map.of("priming", "snapshot")),
                            privateKey.reveal());
            Arrays.fill(sealed, (byte) 0);
        }
    }

    /** Every restored copy of the snapshot gets its own randomness, and HSM sessions that work. */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        randomness.renew();
        if (rootKey instanceof Pkcs11RootKey hsm) {
            hsm.reopen();
        }
    }
}
