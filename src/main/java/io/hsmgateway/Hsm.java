package io.hsmgateway;

/**
 * Names of the exchange properties and headers the gateway sets. Pipeline state lives in exchange
 * properties, not headers: callers can set headers (HTTP, JMS), they cannot set properties.
 */
public final class Hsm {

    // --- set by a door before it hands the exchange to the pipeline ---
    /** Website (tenant) the event is for. */
    public static final String WEBSITE_ID = "hsmWebsiteId";
    /** API key presented by the caller; cleared once checked. */
    public static final String API_KEY = "hsmApiKey";
    /** Door the event came in by: rest, file, sftp, jms, or a custom door's name. */
    public static final String CHANNEL = "hsmChannel";
    /** The caller's idempotency key (REST: the Idempotency-Key header), if it sent one. */
    public static final String IDEMPOTENCY_KEY = "hsmIdempotencyKey";
    /** Set to true by a door whose events are replayed on purpose (a file dropped again): a key whose first
     * answer sent nothing is released, so the replay tries again instead of getting that answer back. */
    public static final String IDEMPOTENCY_RETRY_UNSENT = "hsmIdempotencyRetryUnsent";
    /** The caller's network address, set by doors that know one (REST): wrong api keys are counted by it. */
    public static final String CLIENT_ADDRESS = "hsmClientAddress";
    /** Set to true by a door whose source itself grants the website (e.g. a per-website folder). */
    public static final String WEBSITE_GRANTED = "hsmWebsiteGranted";

    /**
     * A door's {@code DoorReceipt}: its own record that the event is done (the drop folders' ledger entry), committed
     * with the notification's outcome.
     */
    public static final String DOOR_RECEIPT = "hsmDoorReceipt";

    // --- set by the pipeline ---
    public static final String NOTIFICATION_ID = "hsmNotificationId";
    /** The caller proved it may act for the website: from here on, outcomes are recorded. */
    public static final String AUTHENTICATED = "hsmAuthenticated";
    /** The request as the door handed it over (text or bytes): what its dead letter carries. */
    public static final String REQUEST_BODY = "hsmRequestBody";
    /** The request JSON as the door handed it over, read as text. */
    public static final String REQUEST_JSON = "hsmRequestJson";
    /** This notification holds its idempotency key: its answer is stored for replays. */
    public static final String IDEMPOTENCY_CLAIMED = "hsmIdempotencyClaimed";
    /** The canonical {@code NotificationRequest}. */
    public static final String REQUEST = "hsmRequest";
    /** The {@code Template} the request names, with its website's delivery credentials. */
    public static final String TEMPLATE = "hsmTemplate";
    /** The {@code DeliveryTarget}: the website's phone number id, access token and pause state. */
    public static final String TARGET = "hsmTarget";
    /** The {@code ResolvedMedia} that passed the probe, for templates with media. */
    public static final String MEDIA = "hsmMedia";
    /** The Cloud API message ({@code TemplateMessage}) about to be delivered. */
    public static final String MESSAGE = "hsmMessage";
    /** The Cloud API message as JSON, as sent (and resent by retries). */
    public static final String PAYLOAD_JSON = "hsmPayloadJson";
    /** Delivery attempts made before this one (0 on the first pass; set by the retry worker). */
    public static final String ATTEMPTS = "hsmAttempts";
    /** Cloud API calls made in this pass (in-line retries included); absent before the first. */
    public static final String CALLS = "hsmCalls";
    /** The notification row exists (status PENDING or later). */
    public static final String RECORDED = "hsmRecorded";
    /** Another process took the notification over (this one's lease lapsed): this one neither sends nor records it. */
    public static final String TAKEN_OVER = "hsmTakenOver";
    /** The {@code DeliveryOutcome} of the Cloud API call. */
    public static final String OUTCOME = "hsmOutcome";
    /** The {@code ApiResponse} envelope answered to the caller; the body holds its JSON. */
    public static final String RESPONSE = "hsmResponse";
    /** The answer made for the outcome ({@code ResponseWriter.Answer}): stored with it, then written for the caller. */
    public static final String ANSWER = "hsmAnswer";
    /** The pipeline wrote the door's {@code DoorReceipt} with the outcome, or decided it was not to be written. */
    public static final String RECEIPT_HANDLED = "hsmReceiptHandled";
    /** Set to true when the notification's dead-letter event could not be handed to its door's subscriber. */
    public static final String DEAD_LETTER_FAILED = "hsmDeadLetterFailed";
    /** Marks a dead-letter event's own exchange: a subscriber's failure goes back to the publisher, unhandled. */
    public static final String DEAD_LETTER_EVENT = "hsmDeadLetterEvent";

    // --- set by the admin API ---
    /** A PUT created its resource (answered 201) rather than updated it (200). */
    public static final String ADMIN_CREATED = "hsmAdminCreated";

    // --- set by the status callbacks' worker ---
    /** The claimed {@code DueCallback} being POSTed. */
    public static final String CALLBACK = "hsmCallback";
    /** How its POST went: the {@code CallbackAttempt}. */
    public static final String CALLBACK_ATTEMPT = "hsmCallbackAttempt";

    // --- set by the template sync ---
    /** The website being synced: its WhatsApp Business Account and stored access token ({@code SyncAccount}). */
    public static final String SYNC_ACCOUNT = "hsmSyncAccount";
    /** The account's templates read so far, page by page, and where the next page starts ({@code TemplateListing}). */
    public static final String TEMPLATE_LISTING = "hsmTemplateListing";

    private Hsm() {
    }
}
