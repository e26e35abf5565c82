package io.hsmgateway.doors.jms;

import io.netty.channel.ChannelPipeline;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.protocol.stomp.StompConnection;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyConnection;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerConnectionPlugin;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what one network client can make the embedded broker hold to {@code maxBytes}: a notification request
 * ({@code hsm.request.max-bytes}) as UTF-16 text, plus headroom for headers, properties and framing.
 * <ul>
 * <li>every message sent over the network (CORE, AMQP, STOMP) larger than that is refused, nothing stored;</li>
 * <li>a STOMP frame in progress past it closes the connection: Artemis's STOMP decoder buffers a frame whole,
 *     in heap, however large (a 50 MB frame took the gateway's heap from 47 to 254 MB);</li>
 * <li>a CORE packet announcing more is refused before it is buffered (CORE clients send a large message in
 *     chunks of 100 KiB, each under the limit);</li>
 * <li>AMQP frames are bounded by the acceptor's {@code maxFrameSize} (set by {@link EmbeddedBroker}), and AMQP
 *     messages over 100 KiB stream to disk until refused here.</li>
 * </ul>
 * The gateway's own in-VM sends (dead letters, replies) are not network traffic and are not limited.
 */
final class BrokerSizeLimits implements ActiveMQServerMessagePlugin, ActiveMQServerConnectionPlugin {

    /** Above a request: message headers and properties, STOMP headers, CORE packet and AMQP frame overhead. */
    static final int HEADROOM_BYTES = 64 * 1024;
    /** Name Artemis's CORE protocol gives its frame decoder in a connection's pipeline. */
    private static final String CORE_DECODER = "activemq-decoder";
    private static final Logger LOG = LoggerFactory.getLogger(BrokerSizeLimits.class);

    private final int maxBytes;

    BrokerSizeLimits(int requestMaxBytes) {
        // a CORE text message carries its text as UTF-16: a request at the limit takes up to twice its UTF-8 size;
        // the pipeline applies the exact limit (RequestSizeLimit) and answers PAYLOAD_TOO_LARGE
        this.maxBytes = 2 * requestMaxBytes + HEADROOM_BYTES;
    }

    int maxBytes() {
        return maxBytes;
    }

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct,
                           boolean noAutoCreateQueue) throws ActiveMQException {
        RemotingConnection connection = session.getRemotingConnection();
        if (connection.getTransportConnection() instanceof NettyConnection && message.getWholeMessageSize() > maxBytes) {
            LOG.warn("Refused a message of {} bytes to {} from {}: the limit is {} bytes",
                    message.getWholeMessageSize(), message.getAddress(), connection.getRemoteAddress(), maxBytes);
            throw new ActiveMQException(ActiveMQExceptionType.ILLEGAL_STATE,
                    "Message of " + message.getWholeMessageSize() + " bytes refused: the limit is " + maxBytes + " bytes");
        }
    }

    @Override
    public void afterCreateConnection(RemotingConnection connection) {
        if (!(connection.getTransportConnection() instanceof NettyConnection netty)) {
            return;
        }
        ChannelPipeline pipeline = netty.getChannel().pipeline();
        if (connection instanceof StompConnection stomp) {
            // first: it sees each read after the decoder (further down the pipeline) has taken it
            pipeline.addFirst(new StompFrameLimit(stomp, maxBytes));
        } else if (pipeline.get(CORE_DECODER) != null) {
            // nothing has reached the decoder yet: the protocol handshake hands it the first bytes after this
            pipeline.replace(CORE_DECODER, CORE_DECODER, new CoreFrameLimit(maxBytes));
        }
    }
}
