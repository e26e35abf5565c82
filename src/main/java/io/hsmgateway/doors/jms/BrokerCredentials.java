package io.hsmgateway.doors.jms;

import java.security.SecureRandom;
import java.util.Base64;

/** A user of the embedded broker. The password never shows in its string form. */
public record BrokerCredentials(String user, String password) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A user whose password exists only in this process: nobody outside it can log in as that user. */
    static BrokerCredentials generated(String user) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new BrokerCredentials(user, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    @Override
    public String toString() {
        return "BrokerCredentials[user=" + user + ", password=****]";
    }
}
