package io.hsmgateway.doors.jms;

import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.ConfigurationUtils;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/** {@code hsm.jms.embedded-acceptor}, parsed as Artemis parses it: where producers reach the embedded broker. */
record EmbeddedAcceptor(String uri, List<TransportConfiguration> transports) {

    static final String KEY = "hsm.jms.embedded-acceptor";
    private static final String NAME = "producers";
    /** Proton's own setting, read from the acceptor's parameters: the largest AMQP frame a client may send. */
    private static final String AMQP_MAX_FRAME_SIZE = "maxFrameSize";

    static EmbeddedAcceptor parse(String uri) {
        try {
            return new EmbeddedAcceptor(uri, ConfigurationUtils.parseAcceptorURI(NAME, uri));
        } catch (Exception e) {
            throw new IllegalArgumentException(KEY + "=" + withoutQuery(uri) + " is not an acceptor URL: " + e.getMessage(), e);
        }
    }

    /** True unless every host it binds (the URL's, or its comma-separated host parameter) is a loopback address. */
    boolean reachableBeyondLoopback() {
        return transports.stream()
                .map(transport -> String.valueOf(transport.getParams().getOrDefault(TransportConstants.HOST_PROP_NAME,
                        TransportConstants.DEFAULT_HOST)))
                .flatMap(hosts -> Arrays.stream(TransportConfiguration.splitHosts(hosts)))
                .anyMatch(host -> !loopback(host));
    }

    /** The transports, with AMQP frames limited to {@code maxFrameBytes} unless the URL sets a limit itself. */
    List<TransportConfiguration> withAmqpFrameLimit(int maxFrameBytes) {
        for (TransportConfiguration transport : transports) {
            if (!transport.getCombinedParams().containsKey(AMQP_MAX_FRAME_SIZE)) {
                transport.getExtraParams().put(AMQP_MAX_FRAME_SIZE, maxFrameBytes);
            }
        }
        return transports;
    }

    /** For messages: the query part may carry key store passwords. */
    String printable() {
        return withoutQuery(uri);
    }

    private static String withoutQuery(String uri) {
        return uri.replaceFirst("\\?.*", "");
    }

    private static boolean loopback(String host) {
        try {
            return Arrays.stream(InetAddress.getAllByName(host.trim())).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException unknown) {
            return false;   // cannot tell: treated as reachable
        }
    }
}
