package io.hsmgateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * STOMP 1.2 as raw frames over a socket, the way the README shows it from any language: nothing of this
 * project's, nor a STOMP library's, between the test and the broker.
 */
public final class StompClient implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private StompClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    /** Connects and waits for CONNECTED. */
    public static StompClient connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        StompClient client = new StompClient(socket);
        client.frame("CONNECT", Map.of("accept-version", "1.2", "host", "localhost"), new byte[0]);
        String connected = client.readFrame();
        if (!connected.startsWith("CONNECTED")) {
            throw new IOException("Not connected: " + connected);
        }
        return client;
    }

    /** SEND with a receipt; returns the broker's RECEIPT frame. */
    public String send(String destination, Map<String, String> headers, String body) throws IOException {
        return send(destination, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** SEND of these exact bytes (with content-length: a bytes message to JMS consumers). */
    public String send(String destination, Map<String, String> headers, byte[] bytes) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("destination", destination);
        all.put("content-type", "application/json");
        all.put("content-length", String.valueOf(bytes.length));
        all.putAll(headers);
        all.put("receipt", "r-" + System.nanoTime());
        frame("SEND", all, bytes);
        return readFrame();
    }

    /** SUBSCRIBE with a receipt (so the subscription exists once this returns). */
    public String subscribe(String id, String destination, Map<String, String> headers) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("id", id);
        all.put("destination", destination);
        all.put("ack", "auto");
        all.putAll(headers);
        all.put("receipt", "s-" + id);
        frame("SUBSCRIBE", all, new byte[0]);
        return readFrame();
    }

    /** The next frame from the broker (a MESSAGE, say), as text. */
    public String readFrame() throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) > 0) {
            frame.write(b);
        }
        if (b < 0 && frame.size() == 0) {
            throw new IOException("Connection closed by the broker");
        }
        return frame.toString(StandardCharsets.UTF_8).stripLeading();
    }

    private void frame(String command, Map<String, String> headers, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(command).append('\n');
        headers.forEach((name, value) -> head.append(name).append(':').append(value).append('\n'));
        head.append('\n');
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        out.write(body);
        out.write(0);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            frame("DISCONNECT", Map.of(), new byte[0]);
        } catch (IOException alreadyGone) {
            // closing anyway
        }
        socket.close();
    }
}
