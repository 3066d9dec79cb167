package io.keysmith.lambda;

import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import java.net.URI;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * DynamoDB Local in memory, over HTTP on 127.0.0.1 only: its own server runner would listen on every
 * interface, so its request handler is mounted on a Jetty connector of our own (no telemetry either).
 */
public final class DynamoDbLocalServer implements AutoCloseable {
    private final Server server = new Server();

    public DynamoDbLocalServer() throws Exception {
        LocalDynamoDBServerHandler handler =
                new LocalDynamoDBServerHandler(new LocalDynamoDBRequestHandler(0, true, null, true, false), null);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        // The proxy server is only asked for its handler tree; it is never started, so it opens no socket.
        server.setHandler(new DynamoDBProxyServer(0, handler).setUpHandler(handler));
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
