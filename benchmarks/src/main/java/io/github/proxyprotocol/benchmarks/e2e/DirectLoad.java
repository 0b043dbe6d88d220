package io.github.proxyprotocol.benchmarks.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The end-to-end benchmark's client without a balancer: each request on a new connection to 127.0.0.1, the PROXY v2
 * header (TCP over IPv4, source 203.0.113.7) and the request written in one {@code write}, the response read to the
 * end (the request asks the server to close). Blocking sockets, one connection at a time per thread.
 *
 * <pre>
 * DirectLoad check PORT proxy|plain       one request; prints the body (the address the server saw)
 * DirectLoad run PORT proxy|plain THREADS SECONDS
 *     prints: requests=N errors=E seconds=S rps=R p50_ms=A p99_ms=B
 * </pre>
 */
public final class DirectLoad {
    private static final String HOST = "127.0.0.1";
    private static final byte[] SOURCE = {(byte) 203, 0, 113, 7};
    private static final byte[] REQUEST =
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_SAMPLES_PER_THREAD = 200_000;

    private DirectLoad() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            usage();
        }
        int port = Integer.parseInt(args[1]);
        boolean proxy = switch (args[2]) {
            case "proxy" -> true;
            case "plain" -> false;
            default -> throw new IllegalArgumentException("proxy or plain, not " + args[2]);
        };
        if ("check".equals(args[0])) {
            String response = new String(exchange(port, message(proxy, 40000, port)), StandardCharsets.US_ASCII);
            int body = response.indexOf("\r\n\r\n");
            System.out.println(
                    body < 0 ? response : response.substring(body + 4).trim());
        } else if ("run".equals(args[0]) && args.length == 5) {
            run(port, proxy, Integer.parseInt(args[3]), Double.parseDouble(args[4]));
        } else {
            usage();
        }
    }

    private static void usage() {
        System.err.println("usage: DirectLoad check PORT proxy|plain | run PORT proxy|plain THREADS SECONDS");
        System.exit(2);
    }

    /** The PROXY v2 header (when asked for) and the request, as one array for one write. */
    static byte[] message(boolean proxy, int sourcePort, int port) {
        if (!proxy) {
            return REQUEST;
        }
        ByteBuffer buffer = ByteBuffer.allocate(28 + REQUEST.length);
        buffer.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
        buffer.put((byte) 0x21); // version 2, PROXY
        buffer.put((byte) 0x11); // TCP over IPv4
        buffer.putShort((short) 12);
        buffer.put(SOURCE);
        buffer.put(new byte[] {127, 0, 0, 1});
        buffer.putShort((short) sourcePort);
        buffer.putShort((short) port);
        buffer.put(REQUEST);
        return buffer.array();
    }

    private static byte[] exchange(int port, byte[] message) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            socket.connect(new InetSocketAddress(HOST, port), 10_000);
            OutputStream out = socket.getOutputStream();
            out.write(message);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream(256);
            byte[] buffer = new byte[1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                response.write(buffer, 0, n);
            }
            return response.toByteArray();
        }
    }

    private static boolean ok(byte[] response) {
        return response.length > 12 && response[9] == '2' && response[10] == '0' && response[11] == '0';
    }

    private static void run(int port, boolean proxy, int threads, double seconds) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        AtomicLong errors = new AtomicLong();
        List<long[]> samples = new ArrayList<>();
        long[] counts = new long[threads];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long[] mine = new long[MAX_SAMPLES_PER_THREAD];
            samples.add(mine);
            int index = t;
            byte[] message = message(proxy, 10000 + t, port);
            Thread worker = new Thread(() -> {
                int n = 0;
                while (n < mine.length) {
                    long before = System.nanoTime();
                    if (before >= end) {
                        break;
                    }
                    try {
                        if (!ok(exchange(port, message))) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    }
                    mine[n++] = System.nanoTime() - before;
                }
                counts[index] = n;
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long total = Arrays.stream(counts).sum();
        long[] all = new long[(int) total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(samples.get(t), 0, all, at, (int) counts[t]);
            at += (int) counts[t];
        }
        Arrays.sort(all);
        System.out.printf(
                "requests=%d errors=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f%n",
                total,
                errors.get(),
                elapsed,
                total / elapsed,
                percentile(all, 0.50) / 1e6,
                percentile(all, 0.99) / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
