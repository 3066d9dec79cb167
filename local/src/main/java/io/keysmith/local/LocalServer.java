package io.keysmith.local;

import io.keysmith.api.ApiRequest;
import io.keysmith.api.ApiResponse;
import io.keysmith.api.KmsApi;
import io.keysmith.api.RequestRecord;
import io.keysmith.core.Caller;
import io.keysmith.core.DataKeyPairSpec;
import io.keysmith.core.Keysmith;
import io.keysmith.local.alibaba.AlibabaListener;
import io.keysmith.local.alibaba.AlibabaOptions;
import io.keysmith.policy.PolicyDocument;
import io.keysmith.wiring.KeysmithSettings;
import io.keysmith.wiring.KeysmithWiring;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One running local Keysmith: the HTTP server on 127.0.0.1 ({@link LocalHttpServer}), DynamoDB Local
 * embedded ({@link EmbeddedDynamo}), and the upkeep sweep, with the same api and core as the Lambda.
 * Requests signed by any credentials are accepted, as LocalStack does, unless {@code --identities}
 * names the access keys whose SigV4 signatures it verifies.
 */
public final class LocalServer implements AutoCloseable {
    private static final long SWEEP_MINUTES = 1;
    /** Under the runner's name, which its log lines have always carried. */
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LocalRunner.class);

    private final EmbeddedDynamo dynamo;
    private final LocalHttpServer server;
    private final ScheduledExecutorService upkeep;
    private final LocalKeyPairPool rsaPool;
    private final AlibabaListener alibaba;

    private LocalServer(
            EmbeddedDynamo dynamo,
            LocalHttpServer server,
            ScheduledExecutorService upkeep,
            LocalKeyPairPool rsaPool,
            AlibabaListener alibaba) {
        this.dynamo = dynamo;
        this.server = server;
        this.upkeep = upkeep;
        this.rsaPool = rsaPool;
        this.alibaba = alibaba;
    }

    public static LocalServer start(Options options) throws IOException {
        return start(options, Clock.systemUTC());
    }

    /** With the Alibaba Cloud KMS instance API's listener too, when {@code alibaba} turns it on. */
    public static LocalServer start(Options options, AlibabaOptions alibaba) throws IOException {
        return start(options, Clock.systemUTC(), System.out::println, alibaba);
    }

    /** With a clock of the caller's, so that tests can move time past deletion windows and rotation dates. */
    static LocalServer start(Options options, Clock clock) throws IOException {
        return start(options, clock, System.out::println);
    }

    /**
     * The port is bound first, so that a port in use is reported before DynamoDB Local starts (its
     * threads would keep the JVM alive); requests wait in the backlog until the api is ready.
     */
    static LocalServer start(Options options, Clock clock, Consumer<String> requestLog) throws IOException {
        return start(options, clock, requestLog, AlibabaOptions.take());
    }

    static LocalServer start(Options options, Clock clock, Consumer<String> requestLog, AlibabaOptions alibabaOptions)
            throws IOException {
        if (alibabaOptions.enabled() && options.inMemory()) {
            throw new IllegalArgumentException(
                    "--alibaba-port needs a data dir (not --in-memory): its CA and client keys live in DATA_DIR/alibaba");
        }
        if (!options.inMemory() && Files.exists(options.dataDir()) && !Files.isDirectory(options.dataDir())) {
            throw new IllegalArgumentException("--data-dir " + options.dataDir() + " is not a directory");
        }
        Authentication authentication = authentication(options, clock);
        // Checked before anything starts, as --identities is: a bad file is one line and nothing else.
        PolicyDocument servicePolicy = LocalWiring.servicePolicy(options.servicePolicy());
        LocalHttpServer server;
        try {
            server = LocalHttpServer.bind(options.port(), java.util.Set.copyOf(options.allowedHosts()), requestLog);
        } catch (java.net.BindException e) {
            throw new PortInUseException(options.port());
        }
        EmbeddedDynamo dynamo;
        try {
            dynamo = EmbeddedDynamo.open(options);
        } catch (RuntimeException | IOException e) {
            server.close();
            throw e;
        }
        LocalKeyPairPool rsaPool = null;
        try {
            KeysmithSettings settings = LocalWiring.keysmithSettings(options, dynamo.client(), clock, servicePolicy);
            rsaPool = new LocalKeyPairPool(options.rsaPool(), settings.randomness(), LocalServer::printLine);
            if (!rsaPool.isOff()) {
                System.out.println(rsaPool.describe());
            }
            Keysmith keysmith = KeysmithWiring.keysmith(settings, rsaPool);
            KmsApi api = KeysmithWiring.api(settings, keysmith);
            System.out.println(callers(options, authentication));
            server.start(authentication, (target, body, caller) -> answer(api, target, body, caller));
            ScheduledExecutorService upkeep = Executors.newSingleThreadScheduledExecutor();
            // Nobody waits on the future: sweep() logs its own failures, and stop() shuts the executor down.
            var unused = upkeep.scheduleWithFixedDelay(() -> sweep(keysmith), 0, SWEEP_MINUTES, TimeUnit.MINUTES);
            AlibabaListener alibaba = alibabaOptions.enabled()
                    ? AlibabaListener.start(
                            alibabaOptions,
                            options.dataDir(),
                            keysmith,
                            clock,
                            (caller, operation, key, status, error, decision, decidedBy, latencyMs) ->
                                    requestLog.accept(RequestLog.line(
                                            clock.instant(),
                                            caller,
                                            operation,
                                            key,
                                            status,
                                            error,
                                            decision,
                                            decidedBy,
                                            latencyMs)))
                    : null;
            return new LocalServer(dynamo, server, upkeep, rsaPool, alibaba);
        } catch (RuntimeException e) {
            if (rsaPool != null) {
                rsaPool.close();
            }
            server.close();
            dynamo.close();
            throw e;
        }
    }

    private static void printLine(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** A port another process holds: one line for the user, no stack trace. */
    static final class PortInUseException extends IllegalStateException {
        PortInUseException(int port) {
            super("port " + port + " is already in use");
        }
    }

    /** With --identities, SigV4 as AWS KMS verifies it; without, every caller is the account's root. */
    private static Authentication authentication(Options options, Clock clock) {
        if (options.identities() == null) {
            return Authentication.everyoneIsAccountRoot(options.account());
        }
        return new SigV4Verifier(Identities.load(options.identities()), options.region(), clock);
    }

    /** The start-up line that says who the callers are. */
    private static String callers(Options options, Authentication authentication) {
        return authentication instanceof SigV4Verifier verifier
                ? "Keysmith verifies SigV4 signatures (service kms, region " + options.region() + ") of "
                        + verifier.identityCount() + " identities from " + options.identities()
                : "no --identities: every caller is arn:aws:iam::" + options.account() + ":root";
    }

    private static LocalHttpServer.Answer answer(KmsApi api, String target, byte[] body, Caller caller) {
        ApiRequest request = new ApiRequest(target, body, caller);
        ApiResponse response = api.handle(request);
        request.wipe();
        RequestRecord r = response.record();
        // The body may hold a plaintext or a private key: wiped once it is sent.
        return new LocalHttpServer.Answer(
                response.status(),
                response.body(),
                r.operation(),
                r.keyArn(),
                r.outcome().equals("Success") ? null : r.outcome(),
                r.decision(),
                r.decidedBy(),
                response::wipe);
    }

    /** Deletes keys whose waiting period has passed and rotates keys that are due, for keys nobody reads. */
    private static void sweep(Keysmith keysmith) {
        try {
            keysmith.evictExpiredKeys(); // expired material is zeroed even when no request comes to push it out
            keysmith.sweep();
        } catch (RuntimeException e) {
            LOG.warn("key upkeep sweep failed; it runs again in {} minute(s)", SWEEP_MINUTES, e);
        }
    }

    /** How many RSA pairs of {@code spec} the pool holds ready now. */
    int readyPairs(DataKeyPairSpec spec) {
        return rsaPool.ready(spec);
    }

    public int port() {
        return server.port();
    }

    /** The Alibaba listener's port, or -1 when it is off. */
    public int alibabaPort() {
        return alibaba == null ? -1 : alibaba.port();
    }

    @Override
    public void close() {
        stop(0);
    }

    /** Stops taking requests, lets those in flight finish for up to {@code graceMs}, then closes the store. */
    void stop(long graceMs) {
        upkeep.shutdownNow();
        if (alibaba != null) {
            alibaba.close();
        }
        server.stop(graceMs);
        rsaPool.close();
        if (!rsaPool.isOff()) {
            printLine(rsaPool.summary());
        }
        dynamo.close();
    }
}
