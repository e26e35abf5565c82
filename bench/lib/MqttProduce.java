import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * The MQTT bench's producer (Eclipse Paho's MQTT 5 client, from the gateway's jar; not the door's code): publishes
 * n messages at QoS 1, each with websiteId, apikey and an idempotencyKey of its own, up to 16 awaiting their PUBACK.
 * Run: java -cp hsm-gateway.jar bench/lib/MqttProduce.java <broker url> <topic> <n> <websiteId> <apikey> <body>
 */
public class MqttProduce {
    public static void main(String[] args) throws Exception {
        String url = args[0], topic = args[1], website = args[3], apikey = args[4];
        int n = Integer.parseInt(args[2]);
        byte[] body = args[5].getBytes(StandardCharsets.UTF_8);
        String run = Long.toString(System.currentTimeMillis(), 36);
        MqttAsyncClient client = new MqttAsyncClient(url, "hsm-bench-producer-" + run, new MemoryPersistence());
        client.connect(new MqttConnectionOptions()).waitForCompletion(10_000);
        Semaphore window = new Semaphore(16);
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            MqttMessage message = new MqttMessage(body);
            message.setQos(1);
            MqttProperties properties = new MqttProperties();
            properties.setUserProperties(List.of(new UserProperty("websiteId", website),
                    new UserProperty("apikey", apikey), new UserProperty("idempotencyKey", "bench-" + run + "-" + i)));
            message.setProperties(properties);
            window.acquire();
            while (true) {
                try {
                    client.publish(topic, message, null, new MqttActionListener() {
                        public void onSuccess(IMqttToken token) { window.release(); }
                        public void onFailure(IMqttToken token, Throwable e) { window.release(); System.err.println(e); }
                    });
                    break;
                } catch (MqttException e) {
                    if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                        throw e;
                    }
                    Thread.sleep(1);   // Paho frees its in-flight slot a moment after the PUBACK
                }
            }
        }
        window.acquire(16);
        System.err.printf("published %d messages (QoS 1) in %.1f s%n", n, (System.nanoTime() - started) / 1e9);
        client.disconnect().waitForCompletion(10_000);
        client.close();
    }
}
