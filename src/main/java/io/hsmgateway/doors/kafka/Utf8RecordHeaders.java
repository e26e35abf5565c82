package io.hsmgateway.doors.kafka;

import org.apache.camel.component.kafka.serde.KafkaHeaderDeserializer;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Record headers as the door reads them (websiteId, apikey, idempotencyKey): UTF-8 text, as every Kafka client
 * writes a string header. Bytes that are not UTF-8 are no header at all (an api key is then missing and refused,
 * an idempotency key absent), never a guess: two different byte strings must not become one key.
 */
public final class Utf8RecordHeaders implements KafkaHeaderDeserializer {

    public static final String BEAN_NAME = "kafkaDoorHeaders";

    @Override
    public Object deserialize(String key, byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException notText) {
            return null;
        }
    }
}
