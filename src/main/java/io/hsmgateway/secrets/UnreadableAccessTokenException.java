package io.hsmgateway.secrets;

/**
 * A website's stored access token does not decrypt under this gateway's key. Its sends fail with this
 * message recorded (never a token sent garbled); the message names the website and what to do, never
 * the token or its stored form.
 */
public class UnreadableAccessTokenException extends RuntimeException {

    private final String websiteId;

    public UnreadableAccessTokenException(String websiteId, String reason) {
        super("The access token of website " + websiteId + " cannot be decrypted (" + reason + "): configure the key "
                + "it was stored with (" + SecretsKey.KEY + " or " + SecretsKey.KEY_FILE + ") or set the token again "
                + "with PUT /admin/websites/" + websiteId, null, false, false);
        this.websiteId = websiteId;
    }

    public String websiteId() {
        return websiteId;
    }
}
