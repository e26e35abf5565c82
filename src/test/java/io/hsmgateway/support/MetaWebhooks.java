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
}
