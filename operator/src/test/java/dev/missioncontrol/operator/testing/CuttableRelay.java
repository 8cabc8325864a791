package dev.missioncontrol.operator.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of a real server (here: the kube-apiserver; TLS passes through unchanged) that can cut every
 * open connection at once, as a load balancer, a NAT timeout or an API server ending its watches does. Clients
 * reconnect through it to the same server.
 */
public final class CuttableRelay implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    /** Each open client connection and its connection to the server. */
    private final Map<Socket, Socket> open = new ConcurrentHashMap<>();
    private final AtomicInteger accepted = new AtomicInteger();

    private CuttableRelay(int targetPort) throws IOException {
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        Thread acceptor = new Thread(this::accept, "cuttable-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static CuttableRelay to(int targetPort) throws IOException {
        return new CuttableRelay(targetPort);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Closes every open connection (both sides); returns how many client connections were cut. */
    public int cutAll() {
        int cut = 0;
        for (var pair : Map.copyOf(open).entrySet()) {
            closeQuietly(pair.getKey());
            closeQuietly(pair.getValue());
            open.remove(pair.getKey());
            cut++;
        }
        return cut;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                accepted.incrementAndGet();
                Thread t = new Thread(() -> relay(client), "cuttable-relay-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            open.put(client, upstream);
            Thread back = new Thread(() -> pipe(upstream, client), "cuttable-relay-back");
            back.setDaemon(true);
            back.start();
            pipe(client, upstream);
            back.join();
        } catch (IOException | InterruptedException e) {
            // the client or the server went away, or the connection was cut
        } finally {
            open.remove(client);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            in.transferTo(out);
            to.shutdownOutput();
        } catch (IOException e) {
            // closed or cut
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cutAll();
    }
}
