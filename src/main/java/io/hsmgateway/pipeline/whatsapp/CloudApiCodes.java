package io.hsmgateway.pipeline.whatsapp;

/** WhatsApp Cloud API error codes the gateway acts on by itself (the configurable ones are hsm.delivery.*-codes). */
public final class CloudApiCodes {

    /** "Too many messages sent from this phone number": the number is slowed down for a while. */
    public static final int RATE_LIMIT = 130429;
    /** "Too many messages to this recipient" (pair rate limit): that recipient only waits. */
    public static final int PAIR_RATE_LIMIT = 131056;

    /** "The template does not exist in the specified language or the template has not been approved": the website's
     *  templates are synced from its account again. */
    public static final int TEMPLATE_NOT_FOUND = 132001;

    private CloudApiCodes() {
    }
}
