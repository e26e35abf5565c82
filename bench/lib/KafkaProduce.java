import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Publishes N notification requests with Apache Kafka's own producer (kafka-clients, acks=all), record headers
 * websiteId and apikey; "{n}" in the body becomes the record's number. Returns once every record is acknowledged.
 *   java -cp "$TEST_CP" bench/lib/KafkaProduce.java <bootstrap> <topic> <count> <websiteId> <apikey> <body>
 */
public class KafkaProduce {
    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[2]);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0],
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (int i = 0; i < count; i++) {
                String n = String.format("%08d", i);
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(args[1], n,
                        args[5].replace("{n}", n).getBytes(StandardCharsets.UTF_8));
                record.headers().add("websiteId", args[3].getBytes(StandardCharsets.UTF_8));
                record.headers().add("apikey", args[4].getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
            producer.flush();
        }
        System.out.println("published " + count + " records");
    }
}
