package io.hsmgateway.secrets;

import io.hsmgateway.storage.SqlFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import javax.sql.DataSource;
import java.util.Map;

/**
 * Brings every stored access token to the encrypted form at start-up, on every node (one row per website,
 * so cheap; idempotent): a plain token, written before tokens were encrypted, is encrypted in place, and
 * one this gateway's key cannot decrypt is reported by website id, never by value, so a wrong key is seen
 * before the first send fails.
 */
public final class AccessTokenMigration {

    private static final Logger LOG = LoggerFactory.getLogger(AccessTokenMigration.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final AccessTokenCipher cipher;
    private final SqlFiles sql = new SqlFiles("secrets");

    public AccessTokenMigration(DataSource dataSource, AccessTokenCipher cipher) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.cipher = cipher;
    }

    /** @return how many plain tokens were encrypted */
    public int run() {
        int encrypted = 0;
        for (Map<String, Object> row : jdbc.queryForList(sql.get("find-access-tokens"), Map.of())) {
            String websiteId = (String) row.get("id");
            String stored = (String) row.get("access_token");
            if (!AccessTokenCipher.isEncrypted(stored)) {
                // conditional: a node that got there first, or an admin update meanwhile, is left alone
                encrypted += jdbc.update(sql.get("encrypt-access-token"), Map.of("websiteId", websiteId,
                        "plain", stored, "encrypted", cipher.encrypt(websiteId, stored)));
            } else {
                try {
                    cipher.decrypt(websiteId, stored);
                } catch (UnreadableAccessTokenException e) {
                    LOG.warn("{}. Its notifications fail until then.", e.getMessage());
                }
            }
        }
        if (encrypted > 0) {
            LOG.info("Encrypted the plain-text access tokens of {} website(s), stored by an earlier version", encrypted);
        }
        return encrypted;
    }
}
