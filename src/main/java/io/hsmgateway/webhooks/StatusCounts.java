package io.hsmgateway.webhooks;



import io.hsmgateway.observe.GatewayMeters;

import java.util.Set;

/**
 * {@code hsm_whatsapp_statuses_total{status, result}}: WhatsApp statuses by kind (sent, delivered, read, failed) and
 * what became of them: {@code applied} to their notification, {@code duplicate} (Meta sent it again) or
 * {@code unknown} (no notification has its message id).
 */
public class StatusCounts {

    public static final String BEAN_NAME = "whatsappStatusCounts";

    public static final String APPLIED = "applied";
    public static final String DUPLICATE = "duplicate";
    public static final String UNKNOWN = "unknown";

    private static final Set<String> KINDS = Set.of("sent", "delivered", "read", "failed");

    private final GatewayMeters meters;

    public StatusCounts(GatewayMeters meters) {
        this.meters = meters;
    }

    public void count(String status, String result) {
        // a status of a kind we do not apply is never stored, but keep the label set closed anyway
        meters.whatsappStatuses(KINDS.contains(status) ? status : "other", result).increment();
    }
}
