package io.hsmgateway.webhooks;



import io.hsmgateway.observe.GatewayMeters;

import java.util.Set;

/**
 * {@code hsm_whatsapp_statuses_total{status, result}}: WhatsApp statuses by kind (sent, delivered, read, failed) and
 * what became of them: {@code applied} to their notification, {@code duplicate} (Meta sent it again) or
 * {@code unknown} (no notification has its message id); entries not applied at all are {@code other}/{@code ignored}.
 */
public class StatusCounts {

    public static final String BEAN_NAME = "whatsappStatusCounts";

    public static final String APPLIED = "applied";
    public static final String DUPLICATE = "duplicate";
    public static final String UNKNOWN = "unknown";
    /** A status entry not applied at all: of another kind, or without a message id or a timestamp. */
    public static final String IGNORED = "ignored";
    /** A status whose time WhatsApp cannot have sent (before 2009, or more than a day ahead): refused, not stored. */
    public static final String OUT_OF_RANGE = "out_of_range";
    /** The status tag of entries of a kind we do not apply. */
    public static final String OTHER = "other";

    private static final Set<String> KINDS = Set.of("sent", "delivered", "read", "failed");

    private final GatewayMeters meters;

    public StatusCounts(GatewayMeters meters) {
        this.meters = meters;
    }

    public void count(String status, String result) {
        count(status, result, 1);
    }

    public void count(String status, String result, int howMany) {
        // a status of a kind we do not apply is never stored, but keep the label set closed anyway
        meters.whatsappStatuses(KINDS.contains(status) ? status : OTHER, result).increment(howMany);
    }
}
