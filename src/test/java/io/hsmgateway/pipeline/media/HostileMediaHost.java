package io.hsmgateway.pipeline.media;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A media host on a loopback port that answers HEAD the way an attacker's or a broken server would: with
 * endless header lines, one header line at a time, or (for comparison) at once. Raw sockets, so nothing
 * between the gateway and the bytes it is sent; every connection is recorded with what was sent on it and
 * when the gateway hung up.
 */
final class HostileMediaHost implements AutoCloseable {

    /** What one connection saw: the request line, bytes written to the gateway, and when it ended. */
    static final class Visit {
        final String requestLine;
        final long openedAtNanos = System.nanoTime();
        volatile long bytesSent;
        volatile long closedAtNanos;

        Visit(String requestLine) {
            this.requestLine = requestLine;
        }

        String target() {
            return requestLine.split(" ")[1];
        }

        boolean closed() {
            return closedAtNanos != 0;
        }

        long openMillis() {
            return ((closed() ? closedAtNanos : System.nanoTime()) - openedAtNanos) / 1_000_000;
        }
    }

    /** How the host answers one path. */
    interface Answer {
        void write(Socket socket, Visit visit) throws IOException;
    }

    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Visit> visits = new CopyOnWriteArrayList<>();

    HostileMediaHost() throws IOException {
        server = new ServerSocket(0, 500, InetAddress.getLoopbackAddress());
        connections.submit(this::accept);
    }

    String link(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    HostileMediaHost answer(String path, Answer answer) {
        answers.put(path, answer);
        return this;
    }

    List<Visit> visits() {
        return visits;
    }

    List<Visit> visits(String target) {
        return visits.stream().filter(v -> v.target().equals(target)).toList();
    }

    /** A well-behaved host: the whole answer at once. */
    static Answer media(String contentType, long contentLength) {
        return (socket, visit) -> send(socket, visit, "HTTP/1.1 200 OK\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + contentLength + "\r\nConnection: close\r\n\r\n");
    }

    /** 150 MB of header lines (the attack), as fast as the gateway reads them. */
    static Answer endlessHeaderLines(long totalBytes) {
        return (socket, visit) -> {
            send(socket, visit, "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n");
            byte[] lines = "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"
                    .repeat(700).getBytes(StandardCharsets.US_ASCII);
            stream(socket, visit, lines, totalBytes);
        };
    }

    /** One header line that never ends. */
    static Answer endlessHeaderLine(long totalBytes) {
        return (socket, visit) -> {
            send(socket, visit, "HTTP/1.1 200 OK\r\nX-Filler: ");
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'a');
            stream(socket, visit, chunk, totalBytes);
        };
    }

    /** The status line, then one header line every {@code every}, for as long as the gateway listens. */
    static Answer trickle(Duration every) {
        return (socket, visit) -> {
            send(socket, visit, "HTTP/1.1 200 OK\r\n");
            socket.setSoTimeout((int) every.toMillis());
            InputStream fromGateway = socket.getInputStream();
            for (int line = 0; ; line++) {
                try {
                    if (fromGateway.read() < 0) {
                        return; // the gateway hung up
                    }
                } catch (SocketTimeoutException nothingYet) {
                    send(socket, visit, "X-Trickle-" + line + ": a\r\n");
                }
            }
        };
    }

    private static void stream(Socket socket, Visit visit, byte[] chunk, long totalBytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        while (visit.bytesSent < totalBytes) {
            out.write(chunk);
            visit.bytesSent += chunk.length;
        }
        send(socket, visit, "\r\n\r\n");
    }

    private static void send(Socket socket, Visit visit, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        visit.bytesSent += bytes.length;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.submit(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        Visit visit = null;
        try (socket) {
            BufferedReader request = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String requestLine = request.readLine();
            if (requestLine == null) {
                return;
            }
            for (String header = request.readLine(); header != null && !header.isEmpty(); header = request.readLine()) {
                // the request's headers are not needed
            }
            visit = new Visit(requestLine);
            visits.add(visit);
            Answer answer = answers.get(visit.target());
            if (answer == null) {
                send(socket, visit, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            } else {
                answer.write(socket, visit);
            }
        } catch (IOException gatewayHungUp) {
            // recorded below
        } finally {
            if (visit != null) {
                visit.closedAtNanos = System.nanoTime();
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }
}
