package io.hsmgateway.admin;

import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.ApiResponse;
import io.hsmgateway.api.RejectedException;
import org.apache.camel.Header;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The admin API's bearer token ({@code hsm.admin.token}): the {@code Authorization} header must be
 * {@code Bearer <token>}, byte for byte, compared in constant time. Bound with {@code @Header}, not a Simple
 * parameter, so the value is checked exactly as sent (Simple would strip quotes around it).
 */
public class AdminToken {

    private static final ApiResponse INVALID = ApiResponse.of(ApiCode.UNAUTHORIZED, "Invalid admin token", null);

    private final byte[] expected;

    public AdminToken(String token) {
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    public void check(@Header("Authorization") String presented) {
        byte[] given = presented == null ? new byte[0] : presented.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new RejectedException(INVALID);
        }
    }
}
