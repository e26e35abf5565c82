package io.hsmgateway.api;

import org.apache.camel.Exchange;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a request body as text in the charset its Content-Type declares, UTF-8 when it declares none (JSON's
 * own encoding). Bytes that are not valid in that charset, or a charset the gateway does not know, are refused
 * with INVALID_BODY: decoding them anyway would deliver "Jos?" for "José", or send WhatsApp bytes it cannot read.
 */
public final class RequestBodyDecoder {

    private static final List<Object> WHOLE_BODY = List.of();

    private RequestBodyDecoder() {
    }

    /**
     * The request as a door handed it over, as text. Bytes (a STOMP frame with content-length, an AMQP data
     * section) are UTF-8, read as strictly as a REST body without a charset.
     */
    public static String text(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        return body instanceof byte[] bytes ? inCharset(bytes, null) : exchange.getMessage().getBody(String.class);
    }

    /** An HTTP request's body (see {@link #rawBytes}) as text in its declared charset. */
    public static String decode(Exchange exchange) {
        return inCharset(rawBytes(exchange), exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class));
    }

    /**
     * An HTTP request's body as it was sent. A form ({@code application/x-www-form-urlencoded}, what {@code curl -d}
     * sends without a Content-Type) reaches us already parsed into a map by platform-http: it is not JSON, and its
     * bytes are gone, so it is refused here rather than failing a conversion later (an INTERNAL_ERROR).
     */
    public static byte[] rawBytes(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof Map) {
            throw refused("is a form (application/x-www-form-urlencoded), not JSON: send Content-Type: application/json",
                    Map.of("contentType", "application/x-www-form-urlencoded"));
        }
        return exchange.getMessage().getBody(byte[].class);
    }

    private static String inCharset(byte[] body, String contentType) {
        if (body == null || body.length == 0) {
            return "";
        }
        Charset charset = declaredCharset(contentType);
        try {
            String text = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw refused("is not valid " + charset.name() + " text (declare the body's charset in Content-Type)",
                    Map.of("charset", charset.name()));
        }
    }

    private static Charset declaredCharset(String contentType) {
        String name = charsetParameter(contentType);
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw refused("has a charset the gateway cannot read", Map.of("charset", name));
        }
    }

    private static String charsetParameter(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String parameter : contentType.split(";")) {
            String[] pair = parameter.trim().split("=", 2);
            if (pair.length == 2 && pair[0].trim().toLowerCase(Locale.ROOT).equals("charset")) {
                String value = pair[1].trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    private static RejectedException refused(String text, Map<String, Object> context) {
        return new RejectedException(ApiCode.INVALID_BODY, List.of(JoiError.at(WHOLE_BODY, "any.invalid", text, context)));
    }
}
