package io.hsmgateway.secrets;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessTokenCipherTest {

    final AccessTokenCipher cipher = new AccessTokenCipher(key());

    @Test
    void aTokenComesBackAsItWasAndIsNeverStoredTwiceAlike() {
        String stored = cipher.encrypt("shop", "EAAG-token-é");

        assertThat(stored).startsWith("v1:").doesNotContain("EAAG");
        assertThat(cipher.decrypt("shop", stored)).isEqualTo("EAAG-token-é");
        assertThat(cipher.encrypt("shop", "EAAG-token-é")).isNotEqualTo(stored);
    }

    @Test
    void anotherKeyAnotherWebsiteOrAnAlteredValueIsRefusedNamingTheWebsiteOnly() {
        String stored = cipher.encrypt("shop", "EAAG-token");
        char last = stored.charAt(stored.length() - 3);
        String altered = stored.substring(0, stored.length() - 3) + (last == 'A' ? 'B' : 'A') + stored.substring(stored.length() - 2);

        for (Runnable attempt : new Runnable[] {
                () -> new AccessTokenCipher(key()).decrypt("shop", stored),
                () -> cipher.decrypt("other", stored),
                () -> cipher.decrypt("shop", altered),
                () -> cipher.decrypt("shop", "v1:not*base64"),
                () -> cipher.decrypt("shop", "v1:AAAA")}) {
            assertThatThrownBy(attempt::run).isInstanceOf(UnreadableAccessTokenException.class)
                    .hasMessageContaining("website ")
                    .message().doesNotContain("EAAG").doesNotContain(stored.substring(3));
        }
    }

    @Test
    void aPlainTokenOfAnEarlierVersionIsReadAsItIs() {
        assertThat(AccessTokenCipher.isEncrypted("EAAG-plain")).isFalse();
        assertThat(cipher.decrypt("shop", "EAAG-plain")).isEqualTo("EAAG-plain");
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
