package io.hsmgateway.pipeline.media;

import org.apache.camel.util.function.Suppliers;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.Socket;
import java.util.function.Supplier;

/**
 * HttpClient's default TLS (the JVM's trusted certificates, host names checked against the public suffix list),
 * made when the first https connection asks for it rather than when the connection pool is built: loading the trust
 * store and the suffix list took about 90 ms of the gateway's start-up, for each pool, before any request needed it.
 */
final class TlsAtFirstUse implements TlsSocketStrategy {

    private final Supplier<TlsSocketStrategy> tls = Suppliers.memorize(DefaultClientTlsStrategy::createDefault);

    @Override
    public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context)
            throws IOException {
        return tls.get().upgrade(socket, target, port, attachment, context);
    }
}
