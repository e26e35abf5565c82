package io.hsmgateway.doors.jms;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Artemis's CORE frame decoder ({@code ActiveMQFrameDecoder2}) with a ceiling: a packet announcing more than
 * {@code maxBytes} fails the connection as soon as its length is read, instead of being buffered up to 2 GB.
 */
final class CoreFrameLimit extends LengthFieldBasedFrameDecoder {

    private static final int LENGTH_FIELD_BYTES = Integer.BYTES;

    CoreFrameLimit(int maxBytes) {
        super(maxBytes, 0, LENGTH_FIELD_BYTES);
    }

    /** As Artemis's own decoder: a copy (the server may resend the buffer), without the length field. */
    @Override
    protected ByteBuf extractFrame(ChannelHandlerContext ctx, ByteBuf buffer, int index, int length) {
        ByteBuf frame = ctx.alloc().buffer(length);
        frame.writeBytes(buffer, index, length);
        return frame.skipBytes(LENGTH_FIELD_BYTES);
    }
}
