import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Fills the RabbitMQ door's queue for bench/run with RabbitMQ's own Java client (amqp-client, in the gateway's jar):
 * persistent messages with a message_id each, publisher confirms every 1,000.
 *
 *   java -cp hsm-gateway.jar bench/lib/RabbitMqProduce.java HOST PORT VHOST COUNT WEBSITE APIKEY BODY   (BODY: {n} = 0..COUNT-1)
 */
public class RabbitMqProduce {

    public static void main(String[] args) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(args[0]);
        factory.setPort(Integer.parseInt(args[1]));
        factory.setVirtualHost(args[2]);
        int count = Integer.parseInt(args[3]);
        Map<String, Object> headers = Map.of("websiteId", args[4], "apikey", args[5]);
        long start = System.nanoTime();
        try (Connection connection = factory.newConnection()) {
            Channel channel = connection.createChannel();
            channel.confirmSelect();
            for (int n = 0; n < count; n++) {
                byte[] body = args[6].replace("{n}", String.format("%06d", n)).getBytes(StandardCharsets.UTF_8);
                channel.basicPublish("", "hsm.notifications", MessageProperties.PERSISTENT_BASIC.builder()
                        .contentType("application/json").messageId("bench-" + n).headers(headers).build(), body);
                if (n % 1000 == 999) {
                    channel.waitForConfirmsOrDie(60_000);
                }
            }
            channel.waitForConfirmsOrDie(60_000);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.err.printf("RabbitMQ: %d messages published and confirmed in %.1f s (%.0f/s)%n", count, seconds, count / seconds);
    }
}
