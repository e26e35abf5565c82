package io.hsmgateway.templatesync;

/** A website whose templates are read from its WhatsApp Business Account, with its access token as stored (encrypted). */
public record SyncAccount(String websiteId, String businessAccountId, String storedAccessToken) {

    /** Never the token, even encrypted: an account may end up in a log line. */
    @Override
    public String toString() {
        return "SyncAccount[" + websiteId + ", " + businessAccountId + "]";
    }
}
