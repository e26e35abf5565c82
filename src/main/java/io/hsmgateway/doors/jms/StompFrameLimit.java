package io.hsmgateway.doors.jms;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.apache.activemq.artemis.core.protocol.stomp.StompConnection;

/**
 * Fails a STOMP connection (ERROR frame, then closed) once the frame Artemis's decoder is still assembling holds
 * more than {@code maxBytes}. Measured on the decoder itself, after each read has been decoded, so it counts
 * exactly what Artemis keeps, whatever headers ({@code content-length} or not) the frame carries.
 */
final class StompFrameLimit extends ChannelInboundHandlerAdapter {

    private final StompConnection connection;
    private final int maxBytes;

    StompFrameLimit(StompConnection connection, int maxBytes) {
        this.connection = connection;
        this.maxBytes = maxBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        super.channelRead(ctx, msg);   // Artemis decodes and handles every complete frame in it, synchronously
        if (connection.getFrameHandler().getDecoder().data > maxBytes) {
            connection.fail(new ActiveMQException(ActiveMQExceptionType.ILLEGAL_STATE,
                    "STOMP frame over " + maxBytes + " bytes from " + connection.getRemoteAddress() + ": connection closed"));
        }
    }
}
