package io.hsmgateway.pipeline;

import io.hsmgateway.Hsm;
import org.apache.camel.ExchangeProperty;

import java.util.UUID;

/** A notification's id: the one its caller already announced (the REST door, before its wait starts), else a new one. */
public final class NotificationIds {

    private NotificationIds() {
    }

    public static String assign(@ExchangeProperty(Hsm.NOTIFICATION_ID) String announced) {
        return announced != null ? announced : UUID.randomUUID().toString();
    }
}
