import io.hsmgateway.support.EmbeddedKafka;

/**
 * The Kafka door's bench broker: the tests' single-node KRaft broker (io.hsmgateway.support.EmbeddedKafka, Apache
 * Kafka's own server artifacts) on the given port, with the topic and its dead-letter topic created; prints "ready"
 * and runs until killed. Run with the project's test classpath:
 *   java -cp "$TEST_CP" bench/lib/KafkaBroker.java <port> <topic> <partitions>
 */
public class KafkaBroker {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        EmbeddedKafka kafka = EmbeddedKafka.start("bench", port);
        kafka.createTopic(args[1], Integer.parseInt(args[2]));
        kafka.createTopic(args[1] + ".DLT", 1);
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        System.out.println("ready " + kafka.bootstrapServers());
        Thread.currentThread().join();
    }
}
