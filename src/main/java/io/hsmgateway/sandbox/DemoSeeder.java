package io.hsmgateway.sandbox;

import io.hsmgateway.logging.LogMasking;
import io.hsmgateway.auth.ApiKeys;
import io.hsmgateway.secrets.AccessTokenCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * On a fresh database in sandbox mode, creates a demo website ({@value #WEBSITE_ID}) with a WhatsApp Business Account
 * (the sandbox's listing of templates, synced shortly after start-up), a TEXT template {@value #TEMPLATE_ID} with one
 * variable "name", and an API key that is printed once, so the
 * README's curl works with nothing configured.
 */
public final class DemoSeeder {

    public static final String WEBSITE_ID = "demo";
    public static final String TEMPLATE_ID = "7";
    /** The sandbox's WhatsApp Business Account: its listing ({@code sandbox/message_templates.json}) is synced at start-up. */
    public static final String BUSINESS_ACCOUNT_ID = "100000000000002";
    /** Stored encrypted like any token; the sandbox accepts whatever bearer it gets. */
    static final String SANDBOX_ACCESS_TOKEN = "sandbox-access-token";

    private static final Logger LOG = LoggerFactory.getLogger(DemoSeeder.class);

    private DemoSeeder() {
    }

    /** @return the demo API key, to {@link #announce} once the gateway answers; null if the database had websites */
    public static String seedIfEmpty(DataSource dataSource, AccessTokenCipher accessTokens) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM websites");
                 ResultSet rs = count.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return null;
                }
            }
            String apiKey = ApiKeys.generate();
            c.setAutoCommit(false);
            update(c, "INSERT INTO websites (id, name, phone_number_id, business_account_id, access_token, created_at, updated_at) "
                    + "VALUES (?, 'Demo website', '100000000000001', ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                    WEBSITE_ID, BUSINESS_ACCOUNT_ID, accessTokens.encrypt(WEBSITE_ID, SANDBOX_ACCESS_TOKEN));
            update(c, "INSERT INTO templates (website_id, template_id, name, language, type, variables, updated_at) "
                    + "VALUES (?, ?, 'hello_name', 'es_AR', 'TEXT', '[\"name\"]', CURRENT_TIMESTAMP)",
                    WEBSITE_ID, TEMPLATE_ID);
            update(c, "INSERT INTO api_keys (id, website_id, key_hash, key_prefix, created_at) "
                    + "VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)",
                    UUID.randomUUID().toString(), WEBSITE_ID, ApiKeys.hash(apiKey), ApiKeys.prefixOf(apiKey));
            c.commit();
            return apiKey;
        }
    }

    /** Prints the demo key: the one log line that shows a secret on purpose (the log masks api keys everywhere else). */
    public static void announce(String apiKey) {
        LOG.warn(LogMasking.SHOWN_ONCE, """

                ============================================================================
                 Demo data created (sandbox mode, empty database). Shown once, keep it:
                   website  : {}
                   template : {} (TEXT, variable "name")
                   apikey   : {}
                ============================================================================""",
                WEBSITE_ID, TEMPLATE_ID, apiKey);
    }

    private static void update(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setString(i + 1, params[i]);
            }
            statement.executeUpdate();
        }
    }
}
