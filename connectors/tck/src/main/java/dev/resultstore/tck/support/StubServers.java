package dev.resultstore.tck.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Servers on 127.0.0.1 and free ports that answer a connector the way a failing service does: an
 * HTTP stub answering what a handler says, a socket that accepts and never answers, a port that
 * refuses. A test registers one instance ({@code @RegisterExtension}), which stops every server it
 * started, and closes what else it was given, after each test whatever the test did.
 */
public final class StubServers implements AfterEachCallback, AutoCloseable {

    /** Answers one request; the request body has been read, and the exchange is closed afterwards. */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();

    /** Starts an HTTP server whose every request {@code handler} answers, each on its own thread; returns its port. */
    public int serving(Handler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService threads = Executors.newCachedThreadPool();
            server.setExecutor(threads);
            server.createContext("/", exchange -> {
                try {
                    exchange.getRequestBody().readAllBytes();
                    handler.handle(exchange);
                } finally {
                    exchange.close();
                }
            });
            server.start();
            opened.add(() -> {
                server.stop(0);
                threads.shutdownNow();
            });
            return server.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a status and a body ({@code contentType} null: none), as an answer of {@link #serving}'s handler. */
    public static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().add("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    /** Starts a server that accepts connections and never answers a byte; returns its port. */
    public int silent() {
        try {
            ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // and never answer
                    }
                } catch (IOException closed) {
                    accepted.forEach(StubServers::closeQuietly);
                }
            }, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
            opened.add(silent);
            return silent.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port of 127.0.0.1 that was just free: connecting to it is refused. */
    public static int refusing() {
        return ChildProcessServer.freePort();
    }

    /** Closes {@code resource} with the servers, e.g. the storage under test or a latch release that lets hanging handlers end. */
    public <T extends AutoCloseable> T closeLater(T resource) {
        opened.add(resource);
        return resource;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        close();
    }

    /** Stops every server and closes every resource given, in order; the first failure is thrown after the rest are closed. */
    @Override
    public void close() throws Exception {
        Exception first = null;
        for (AutoCloseable resource : opened) {
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        opened.clear();
        if (first != null) {
            throw first;
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
