package io.keysmith.lambda;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A cold start's work on a second thread, while the handler builds the rest on its own. The DynamoDB client's build
 * is the longest part of init and needs nothing else the handler builds, so the handler gets the client at once, as
 * one that waits for the real one on its first call.
 */
final class BackgroundInit implements AutoCloseable {
    private final ThreadPoolExecutor thread =
            new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), work -> {
                Thread t = new Thread(work, "keysmith-init");
                t.setDaemon(true);
                return t;
            });

    BackgroundInit() {
        thread.allowCoreThreadTimeOut(true); // ends by itself, should the handler's build throw before close()
    }

    private DeferredDynamoDbClient client;

    /** Starts building the client; the client returned waits for it on its first call. */
    DynamoDbClient dynamo(Supplier<DynamoDbClient> build) {
        client = new DeferredDynamoDbClient(thread.submit(build::get));
        return client;
    }

    /** The built client; a build that failed throws here, so that it fails the init as it did on the main thread. */
    DynamoDbClient builtClient() {
        return client.client();
    }

    /** Runs more work on the same thread, after the client's build. */
    Future<?> run(Runnable work) {
        return thread.submit(work);
    }

    static <T> T await(Future<T> work) {
        try {
            return work.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the init's background work", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The thread ends once its work is done; the client stays usable. */
    @Override
    public void close() {
        thread.shutdown();
    }
}
