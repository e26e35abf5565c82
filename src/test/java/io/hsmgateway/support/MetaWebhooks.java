package io.hsmgateway.support;

/** WhatsApp status webhook bodies built as Meta builds them (entry[].changes[].value.statuses[]). */
public final class MetaWebhooks {

    private MetaWebhooks() {
    }

    /** A webhook POST as Meta sends it: one entry, one change of field "messages", its statuses. */
    public static String webhook(String... statuses) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"value\":"
                + "{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\","
                + "\"phone_number_id\":\"1\"},\"statuses\":[" + String.join(",", statuses) + "]},\"field\":\"messages\"}]}]}";
    }

    public static String status(String wamid, String status, long epochSeconds) {
        return "{\"id\":\"" + wamid + "\",\"status\":\"" + status + "\",\"timestamp\":\"" + epochSeconds + "\","
                + "\"recipient_id\":\"542994843975\",\"conversation\":{\"id\":\"6ceb9d929c1ef4be\",\"origin\":{\"type\":\"utility\"}},"
                + "\"pricing\":{\"billable\":true,\"pricing_model\":\"PMP\",\"category\":\"utility\",\"type\":\"regular\"}}";
    }

    /** A status as WhatsApp sends it for a message sent with biz_opaque_callback_data. */
    public static String status(String wamid, String status, long epochSeconds, String callbackData) {
        String plain = status(wamid, status, epochSeconds);
        return plain.substring(0, plain.length() - 1) + ",\"biz_opaque_callback_data\":\"" + callbackData + "\"}";
    }

    public static String failed(String wamid, long epochSeconds, int code, String title, String details) {
        return "{\"id\":\"" + wamid + "\",\"status\":\"failed\",\"timestamp\":\"" + epochSeconds + "\","
                + "\"recipient_id\":\"542994843975\",\"errors\":[{\"code\":" + code + ",\"title\":\"" + title + "\","
                + "\"message\":\"" + title + "\",\"error_data\":{\"details\":\"" + details + "\"},"
                + "\"href\":\"https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/\"}]}";
    }

    /**
     * A status with everything Meta may put in one (conversation with its expiry, pricing, the callback data the
     * gateway sends): the largest a status of Meta's gets, to size a batch by.
     */
    public static String fullStatus(String wamid, String status, long epochSeconds, String callbackData) {
        return "{\"id\":\"" + wamid + "\",\"status\":\"" + status + "\",\"timestamp\":\"" + epochSeconds + "\","
                + "\"recipient_id\":\"5491155550000\",\"biz_opaque_callback_data\":\"" + callbackData + "\","
                + "\"conversation\":{\"id\":\"a75d17ad06104c51166f948319b03c6a\",\"expiration_timestamp\":\""
                + (epochSeconds + 86400) + "\",\"origin\":{\"type\":\"utility\"}},"
                + "\"pricing\":{\"billable\":true,\"pricing_model\":\"PMP\",\"category\":\"utility\",\"type\":\"regular\"}}";
    }

    /** A message id as long as WhatsApp's ({@code wamid.} and 56 base64 characters), unique by {@code n}. */
    public static String wamid(String tag, int n) {
        String unique = tag + "-" + n + "-";
        return "wamid." + unique + "HBgNNTQ5MTE1NTU1MDAwMBUCABEYEjgxQkVFRDVBQTVDODFDOTg3MQA=".substring(unique.length());
    }
}
