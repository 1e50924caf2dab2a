package io.gitopsflow.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of a real server (PostgreSQL, the Git server), so a fault test can slow the network
 * or cut it for one component without {@code tc netem} on the shared loopback interface: clients are pointed at
 * {@link #port()} instead of the server's port.
 *
 * <p>{@link #delay(Duration)} holds every chunk of bytes that long in each direction, as a one-way network delay (a
 * request and its answer pay it twice); chunks keep their order and do not wait for each other, so the throughput
 * stays. {@link #cut()} closes every connection and refuses new ones, as an unreachable server would;
 * {@link #restore()} accepts again on the same port. Platform threads: two per direction of each connection.
 */
public final class LatencyProxy implements AutoCloseable {

    private static final int CHUNK = 16 * 1024;
    /** Marks the end of a direction in its queue. */
    private static final byte[] END = new byte[0];

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile long delayNanos;
    private ServerSocket listener;

    private LatencyProxy(InetSocketAddress target, int port) {
        this.target = target;
        this.port = port;
    }

    /** Starts a proxy on a free loopback port that forwards to {@code host:port}, with no delay. */
    public static LatencyProxy start(String host, int port) {
        LatencyProxy proxy = new LatencyProxy(new InetSocketAddress(host, port), TestFolders.freePort());
        proxy.restore();
        return proxy;
    }

    /** The port clients connect to, on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** Holds each chunk {@code delay} long in each direction from now on (zero: no delay). */
    public void delay(Duration delay) {
        delayNanos = delay.toNanos();
    }

    /** Closes every connection and refuses new ones (connection refused) until {@link #restore()}. */
    public synchronized void cut() {
        closeQuietly(listener);
        listener = null;
        sockets.forEach(LatencyProxy::closeQuietly);
        sockets.clear();
    }

    /** Accepts connections again, on the same port. */
    public synchronized void restore() {
        if (listener != null) {
            return;
        }
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            listener = server;
            thread("accept", () -> accept(server));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
    }

    /** Cuts every connection and stops listening for good. */
    @Override
    public void close() {
        cut();
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                sockets.add(client);
                sockets.add(upstream);
                if (server.isClosed()) {
                    close(client, upstream); // cut() came between the accept and the bookkeeping
                } else {
                    thread("connect", () -> connect(client, upstream));
                }
            } catch (IOException e) {
                // the listener was closed by cut() or close()
            }
        }
    }

    private void connect(Socket client, Socket upstream) {
        try {
            upstream.connect(target, 10_000);
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            AtomicInteger open = new AtomicInteger(2);
            pipe(client, upstream, open);
            pipe(upstream, client, open);
        } catch (IOException e) {
            // the server is down: the client sees its connection closed, as it would through a real network
            close(client, upstream);
        }
    }

    /**
     * One direction: a reader stamps each chunk with its due time, a writer sends it when due. The end of a direction
     * is passed on as a half close; the sockets close when both directions ended ({@code open} counts them).
     */
    private void pipe(Socket from, Socket to, AtomicInteger open) throws IOException {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        thread("read", () -> {
            byte[] buffer = new byte[CHUNK];
            try {
                for (int read; (read = in.read(buffer)) != -1; ) {
                    queue.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, read)));
                }
            } catch (IOException e) {
                // closed by the other direction or by cut()
            }
            queue.add(new Chunk(System.nanoTime() + delayNanos, END));
        });
        thread("write", () -> {
            try {
                for (Chunk chunk = queue.take(); chunk.bytes() != END; chunk = queue.take()) {
                    TimeUnit.NANOSECONDS.sleep(chunk.due() - System.nanoTime());
                    out.write(chunk.bytes());
                }
                to.shutdownOutput();
                if (open.decrementAndGet() == 0) {
                    close(from, to);
                }
            } catch (IOException | InterruptedException e) {
                close(from, to);
            }
        });
    }

    private void close(Socket one, Socket other) {
        closeQuietly(one);
        closeQuietly(other);
        sockets.remove(one);
        sockets.remove(other);
    }

    private static void thread(String name, Runnable task) {
        Thread thread = new Thread(task, "latency-proxy-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception e) {
            // already closed
        }
    }

    /** Bytes read from one side, and when they may be written to the other. */
    private record Chunk(long due, byte[] bytes) {}
}
