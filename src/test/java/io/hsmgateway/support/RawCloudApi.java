package io.hsmgateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Cloud API stand-in on a raw socket, for what WireMock cannot do: close or reset a connection after reading the
 * whole request, never answer at all, stream an answer of any size without holding it, or not listen (connection
 * refused) and listen again on the same port. Each request is read whole (Content-Length or chunked) and recorded
 * before its {@link Behaviour} runs; every answer says {@code Connection: close}.
 */
public final class RawCloudApi implements AutoCloseable {

    /** What the stand-in does once it has read a whole request; it owns the socket from then on. */
    @FunctionalInterface
    public interface Behaviour {
        void after(Request request, Socket socket) throws IOException;
    }

    /** A request as read: its request line and body. */
    public record Request(String requestLine, String body) {
        public String path() {
            return requestLine.split(" ")[1];
        }
    }

    private final int port;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Behaviour behaviour = answer(200, "application/json", "{\"messages\":[{\"id\":\"wamid.RAW\"}]}");
    private volatile ServerSocket server;

    private RawCloudApi(int port) {
        this.port = port;
    }

    /** Listening on a free loopback port. */
    public static RawCloudApi start() throws IOException {
        RawCloudApi api = new RawCloudApi(Gateway.freePort());
        api.listen();
        return api;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public void behave(Behaviour next) {
        behaviour = next;
    }

    /** Requests read whole so far (copies received), to any path. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Requests read whole to this path. */
    public long requestsTo(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).count();
    }

    /** Stops listening (a connect is refused) and drops the connections it holds. */
    public void stopListening() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
    }

    /** Listens again on the same port. */
    public void listen() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = socket;
        Thread acceptor = new Thread(() -> accept(socket), "raw-cloud-api-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @Override
    public void close() throws IOException {
        stopListening();
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket socket = listening.accept();
                open.add(socket);
                Thread handler = new Thread(() -> serve(socket), "raw-cloud-api-conn");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            Request request = read(socket.getInputStream());
            if (request == null) {
                return;
            }
            requests.add(request);
            behaviour.after(request, socket);
        } catch (IOException ignored) {
            // the gateway went away: nothing to do
        } finally {
            open.remove(socket);
        }
    }

    // ------------------------------------------------------------------ behaviours

    /** Reads the request, then closes the connection without a byte of answer. */
    public static Behaviour closeWithoutAnswer() {
        return (request, socket) -> socket.close();
    }

    /** Reads the request, then resets the connection (RST, "Connection reset" on the gateway's side). */
    public static Behaviour resetWithoutAnswer() {
        return (request, socket) -> {
            socket.setSoLinger(true, 0);
            socket.close();
        };
    }

    /** Reads the request and never answers: holds the connection until the gateway gives up on it. */
    public static Behaviour hang() {
        return (request, socket) -> {
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // until the gateway closes its end
            }
        };
    }

    public static Behaviour answer(int status, String contentType, String body) {
        return answer(status, contentType, "", body);
    }

    /** @param extraHeaders header lines, each ending in CRLF */
    public static Behaviour answer(int status, String contentType, String extraHeaders, String body) {
        return (request, socket) -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType + "\r\n" + extraHeaders
                    + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
        };
    }

    /** What {@link #streamAnswer} managed to write before its connection was closed under it. */
    public static final class Streamed {
        private volatile long written;
        private volatile boolean cutShort;
        private volatile boolean finished;

        public long written() {
            return written;
        }

        /** The gateway closed the connection before the whole answer was written. */
        public boolean cutShort() {
            return cutShort;
        }

        public boolean finished() {
            return finished;
        }
    }

    /** A 200 of {@code size} bytes of JSON-looking filler, written 64 KiB at a time, never held whole. */
    public static Behaviour streamAnswer(long size, Streamed streamed) {
        return (request, socket) -> {
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + size
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            long left = size;
            try {
                while (left > 0) {
                    int n = (int) Math.min(chunk.length, left);
                    out.write(chunk, 0, n);
                    left -= n;
                    streamed.written += n;
                }
                out.flush();
            } catch (IOException closedUnderUs) {
                streamed.cutShort = true;
                return;
            } finally {
                streamed.finished = true;
            }
        };
    }

    // ------------------------------------------------------------------ reading a request

    private static Request read(InputStream in) throws IOException {
        String head = readHead(in);
        if (head == null) {
            return null;
        }
        String[] lines = head.split("\r\n");
        long length = 0;
        boolean chunked = false;
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        byte[] body = chunked ? readChunked(in) : in.readNBytes((int) length);
        return new Request(lines[0], new String(body, StandardCharsets.UTF_8));
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toString(StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = readLine(in);
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                readLine(in);
                return body.toByteArray();
            }
            body.write(in.readNBytes(n));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
