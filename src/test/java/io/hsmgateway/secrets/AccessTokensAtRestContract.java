package io.hsmgateway.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.auth.ApiKeys;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.LogCapture;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The websites' WhatsApp access tokens at rest: whoever reads the database (the file, a dump, a backup)
 * finds no token; the Cloud API still gets {@code Authorization: Bearer <token>}; tokens stored in plain
 * text by an earlier version are encrypted at start; a wrong key fails the website's sends clearly, sends
 * nothing, and never logs the token.
 */
abstract class AccessTokensAtRestContract {

    static final String WEBSITE = "shop";
    static final String PHONE_NUMBER_ID = "1065";
    static final String MESSAGES = "/v23.0/" + PHONE_NUMBER_ID + "/messages";
    static final String TEMPLATE = "{\"name\":\"t\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[\"name\"]}";
    static final String BODY = "{\"templateId\":\"7\",\"destination\":\"542994843975\",\"params\":{\"name\":\"Ana\"}}";

    WireMockServer cloudApi;
    final String token = "EAAG-" + UUID.randomUUID();

    /** A fresh, empty database: hsm.db.url, hsm.db.user, hsm.db.password (and the key a server needs). */
    abstract Map<String, String> freshDatabase();

    @BeforeEach
    void startCloudApi() {
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        cloudApi.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(200)
                .withBody("{\"messages\":[{\"id\":\"wamid.rest\"}]}")));
    }

    @AfterEach
    void stopCloudApi() {
        cloudApi.stop();
    }

    @Test
    void theDatabaseHoldsNoTokenAndTheCloudApiGetsItAsBearer() throws Exception {
        Map<String, String> database = freshDatabase();
        try (Gateway gateway = Gateway.start(properties(database))) {
            String apiKey = gateway.website(WEBSITE, PHONE_NUMBER_ID, token);
            gateway.template(WEBSITE, "7", TEMPLATE);

            String stored = storedToken(database);
            assertThat(stored).startsWith("v1:").doesNotContain(token);
            gateway.website(WEBSITE, PHONE_NUMBER_ID, token);
            assertThat(storedToken(database)).as("a fresh IV per value").startsWith("v1:").isNotEqualTo(stored);

            HttpResponse<String> sent = gateway.notify(WEBSITE, apiKey, BODY);

            assertThat(Gateway.json(sent).get("code").asText()).isEqualTo("SUCCESS");
            cloudApi.verify(1, postRequestedFor(urlEqualTo(MESSAGES)).withHeader("Authorization", equalTo("Bearer " + token)));
            for (HttpResponse<String> answer : new HttpResponse[] {sent,
                    gateway.admin("GET", "/admin/websites/" + WEBSITE, null), gateway.admin("GET", "/admin/websites", null)}) {
                assertThat(answer.body()).doesNotContain(token).doesNotContain(stored.substring(3));
            }
        }
        afterStop(token);
    }

    /** What else to check once the gateway has stopped (the H2 run reads the database file itself). */
    void afterStop(String token) throws Exception {
    }

    @Test
    void aPlainTokenOfAnEarlierVersionIsEncryptedAtStartAndStillSent() throws Exception {
        Map<String, String> database = freshDatabase();
        String apiKey = ApiKeys.generate();
        // the database as the version before encryption left it: its schema, the token in plain text
        Flyway.configure().dataSource(database.get("hsm.db.url"), database.get("hsm.db.user"), database.get("hsm.db.password"))
                .locations("classpath:db/migration").target("8").load().migrate();
        try (Connection c = connect(database)) {
            update(c, "INSERT INTO websites (id, name, phone_number_id, access_token, created_at, updated_at) "
                    + "VALUES (?, 'Shop', ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", WEBSITE, PHONE_NUMBER_ID, token);
            update(c, "INSERT INTO templates (website_id, template_id, name, language, type, variables, updated_at) "
                    + "VALUES (?, '7', 't', 'es', 'TEXT', '[\"name\"]', CURRENT_TIMESTAMP)", WEBSITE);
            update(c, "INSERT INTO api_keys (id, website_id, key_hash, key_prefix, created_at) VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)",
                    UUID.randomUUID().toString(), WEBSITE, ApiKeys.hash(apiKey), ApiKeys.prefixOf(apiKey));
        }
        Map<String, String> properties = properties(database);

        String encrypted;
        try (LogCapture logs = LogCapture.start(); Gateway gateway = Gateway.start(properties)) {
            encrypted = storedToken(database);
            assertThat(encrypted).startsWith("v1:").doesNotContain(token);
            assertThat(logs.text()).contains("Encrypted the plain-text access tokens of 1 website(s)").doesNotContain(token);

            assertThat(Gateway.json(gateway.notify(WEBSITE, apiKey, BODY)).get("code").asText()).isEqualTo("SUCCESS");
            cloudApi.verify(1, postRequestedFor(urlEqualTo(MESSAGES)).withHeader("Authorization", equalTo("Bearer " + token)));
        }
        try (Gateway again = Gateway.start(properties)) {
            assertThat(storedToken(database)).as("encrypted once, not again at every start").isEqualTo(encrypted);
        }
    }

    @Test
    void aWrongKeyFailsTheWebsitesSendsClearlyAndNeverLogsTheToken() throws Exception {
        Map<String, String> database = freshDatabase();
        Map<String, String> rightKey = properties(database);
        String apiKey;
        try (Gateway gateway = Gateway.start(rightKey)) {
            apiKey = gateway.website(WEBSITE, PHONE_NUMBER_ID, token);
            gateway.template(WEBSITE, "7", TEMPLATE);
        }
        String stored = storedToken(database);
        Map<String, String> wrongKey = properties(database);
        wrongKey.put("hsm.secrets.key", Gateway.newSecretsKey());

        String deadLetterId;
        try (LogCapture logs = LogCapture.start(); Gateway gateway = Gateway.start(wrongKey)) {
            assertThat(logs.text()).contains("WARN io.hsmgateway.secrets.AccessTokenMigration - "
                    + "The access token of website shop cannot be decrypted");

            HttpResponse<String> refused = gateway.notify(WEBSITE, apiKey, BODY);

            assertThat(refused.statusCode()).isEqualTo(500);
            JsonNode envelope = Gateway.json(refused);
            assertThat(envelope.get("code").asText()).isEqualTo("INTERNAL_ERROR");
            assertThat(refused.body()).doesNotContain("decrypt").doesNotContain("Exception");
            cloudApi.verify(0, postRequestedFor(anyUrl()));
            JsonNode status = Gateway.json(gateway.admin("GET",
                    "/admin/notifications/" + envelope.get("notificationId").asText(), null));
            assertThat(status.get("status").asText()).isEqualTo("FAILED");
            assertThat(status.get("error").asText()).startsWith("The access token of website shop cannot be decrypted");
            JsonNode deadLetter = Gateway.json(gateway.admin("GET", "/admin/dead-letters?websiteId=" + WEBSITE, null)).get(0);
            assertThat(deadLetter.get("notificationId").asText()).isEqualTo(envelope.get("notificationId").asText());
            deadLetterId = deadLetter.get("id").asText();
            assertThat(logs.text()).contains("ERROR io.hsmgateway.pipeline.outcome.FailureClassifier - Notification "
                            + envelope.get("notificationId").asText() + " not sent: The access token of website shop")
                    .doesNotContain(token).doesNotContain(stored.substring(3));
        }

        try (Gateway gateway = Gateway.start(rightKey)) {
            HttpResponse<String> replayed = gateway.admin("POST", "/admin/dead-letters/" + deadLetterId + "/replay", null);

            assertThat(Gateway.json(replayed).at("/response/code").asText()).isEqualTo("SUCCESS");
            cloudApi.verify(1, postRequestedFor(urlEqualTo(MESSAGES)).withHeader("Authorization", equalTo("Bearer " + token)));
        }
    }

    Map<String, String> properties(Map<String, String> database) {
        Map<String, String> properties = Gateway.defaults();
        properties.putAll(database);
        properties.put("hsm.whatsapp.base-url", cloudApi.baseUrl());
        properties.put("hsm.jms.enabled", "false");
        return properties;
    }

    /** The websites row as anyone with the database's credentials (or its file) reads it: plain JDBC. */
    static String storedToken(Map<String, String> database) throws SQLException {
        try (Connection c = connect(database);
             PreparedStatement select = c.prepareStatement("SELECT access_token FROM websites WHERE id = ?")) {
            select.setString(1, WEBSITE);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getString(1);
            }
        }
    }

    static Connection connect(Map<String, String> database) throws SQLException {
        return DriverManager.getConnection(database.get("hsm.db.url"), database.get("hsm.db.user"), database.get("hsm.db.password"));
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
