package io.hsmgateway.api;

/**
 * Every code the notifications API answers with. The first block is the published contract
 * (wording, typos included, is matched by existing clients); the second is ours, documented in the README.
 */
public enum ApiCode {
    SUCCESS(200, "Resource successfully created"),
    INVALID_BODY(400, "Invalid body, query or params"),
    INVALID_CONTENT_LENGTH(400, "Cant get content-lenght header"),
    INVALID_CONTENT_TYPE(400, "content-type does not match valid values."),
    HEAD_METHOD_NOT_ALLOWED(400, "The link does not support method HEAD."),
    UNAUTHORIZED(401, "Invalid ApiKey"),
    NOT_FOUND(404, "Cant find requested resource"),
    FILE_SIZE_EXCEEDED(409, "File size exeeded for template type"),

    NOTIFICATION_STATUS(200, "Notification status"),
    IN_PROGRESS(202, "The notification is still being processed; its outcome will be recorded."),
    QUEUED(202, "WhatsApp did not take the notification yet; it is queued and will be retried."),
    PAYLOAD_TOO_LARGE(413, "The body is larger than allowed."),
    RATE_LIMITED(429, "Too many requests for this API key; slow down."),
    IDEMPOTENCY_CONFLICT(409, "A request with this Idempotency-Key is still being processed."),
    TEMPLATE_NOT_APPROVED(409, "The template is not approved at WhatsApp; nothing was sent."),
    ALREADY_REPLAYED(409, "The dead letter was replayed already; nothing was sent."),
    TEMPLATE_NOT_SUPPORTED(422, "The template has a component the gateway cannot send; nothing was sent."),
    INVALID_MEDIA_LINK(400, "The media link must be a public http(s) URL that answers HEAD."),
    MALFORMED_REQUEST(400, "The request could not be read as HTTP."),
    FORBIDDEN(403, "Wrong hub.mode or hub.verify_token."),
    METHOD_NOT_ALLOWED(405, "The path does not take this method; the Allow header lists those it takes."),
    URI_TOO_LONG(414, "The request's URI is longer than allowed."),
    HEADERS_TOO_LARGE(431, "The request's headers are larger than allowed."),
    SERVICE_UNAVAILABLE(503, "The gateway cannot take notifications right now; nothing was sent, try again."),
    INTERNAL_ERROR(500, "Unexpected error, the notification was not sent."),
    PROVIDER_ERROR(502, "WhatsApp Cloud API did not accept the notification."),
    PROVIDER_TIMEOUT(504, "WhatsApp Cloud API gave no answer that could be read (none in time, the connection closed, or an unreadable one); the notification may or may not have been sent.");

    private final int statusCode;
    private final String description;

    ApiCode(int statusCode, String description) {
        this.statusCode = statusCode;
        this.description = description;
    }

    public int statusCode() {
        return statusCode;
    }

    public String description() {
        return description;
    }
}
