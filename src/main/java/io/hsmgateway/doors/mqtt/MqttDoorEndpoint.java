package io.hsmgateway.doors.mqtt;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** A topic the MQTT door consumes; publishing goes through camel-paho-mqtt5 ({@code paho-mqtt5:}), not here. */
public class MqttDoorEndpoint extends DefaultEndpoint {

    private final MqttDoorConnection connection;
    private final String topic;
    private String sharedGroup = "";
    private int concurrentConsumers = 1;

    MqttDoorEndpoint(String uri, MqttDoorComponent component, MqttDoorConnection connection, String topic) {
        super(uri, component);
        this.connection = connection;
        this.topic = topic;
    }

    /** {@code $share/<group>/<topic>}: the nodes of one group share the topic's messages, each gets one copy. */
    String subscription() {
        return sharedGroup == null || sharedGroup.isBlank() ? topic : "$share/" + sharedGroup + "/" + topic;
    }

    MqttDoorConnection connection() {
        return connection;
    }

    public String getSharedGroup() {
        return sharedGroup;
    }

    public void setSharedGroup(String sharedGroup) {
        this.sharedGroup = sharedGroup;
    }

    public int getConcurrentConsumers() {
        return concurrentConsumers;
    }

    public void setConcurrentConsumers(int concurrentConsumers) {
        this.concurrentConsumers = concurrentConsumers;
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        MqttDoorConsumer consumer = new MqttDoorConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("hsm-mqtt: only consumes; publish with paho-mqtt5:<topic>?client=#"
                + MqttDoorConfiguration.CLIENT);
    }

    @Override
    public boolean isRemote() {
        return true;
    }
}
