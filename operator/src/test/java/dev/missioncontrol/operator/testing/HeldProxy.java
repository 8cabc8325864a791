package dev.missioncontrol.operator.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay in front of a real server (here: Prometheus) that holds every connection until released: a slow
 * network, so a test can have a reconciliation waiting on its query at a moment of its choosing. Bytes are passed
 * through unchanged; the answers are the real server's.
 */
public final class HeldProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch firstConnection = new CountDownLatch(1);

    private HeldProxy(int targetPort) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        Thread acceptor = new Thread(this::accept, "held-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static HeldProxy to(int targetPort) throws IOException {
        return new HeldProxy(targetPort);
    }

    public String address() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Waits until a client has connected (and is being held). */
    public boolean awaitConnection(long seconds) throws InterruptedException {
        return firstConnection.await(seconds, TimeUnit.SECONDS);
    }

    /** Lets every held and future connection through. */
    public void release() {
        release.countDown();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                firstConnection.countDown();
                Thread t = new Thread(() -> relay(client), "held-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            release.await();
            Thread back = new Thread(() -> pipe(upstream, client));
            back.setDaemon(true);
            back.start();
            pipe(client, upstream);
            back.join();
        } catch (IOException | InterruptedException e) {
            // the client or the server went away
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            in.transferTo(out);
            to.shutdownOutput();
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() throws IOException {
        release.countDown();
        server.close();
    }
}
