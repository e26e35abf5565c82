package io.hsmgateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.JoiError;
import io.hsmgateway.api.NotFound;
import io.hsmgateway.api.RejectedException;
import io.hsmgateway.api.Timestamps;
import io.hsmgateway.doors.NotificationStatusView;
import io.hsmgateway.storage.SqlFiles;
import io.hsmgateway.auth.ApiKeys;
import io.hsmgateway.pipeline.WebsiteLookups;
import io.hsmgateway.secrets.AccessTokenCipher;
import io.hsmgateway.templates.TemplateLayout;
import io.hsmgateway.templates.TemplateLayouts;
import io.hsmgateway.templates.TemplateParamsView;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads and writes websites, API keys and templates for the admin API. SQL lives in
 * {@code sql/admin/*.sql}; upserts are "update, else insert" so they run on H2 and PostgreSQL alike.
 * A website's access token is stored encrypted and never read back: answers show it masked.
 * What is asked for and does not exist is {@link NotFound}. Every change evicts what the pipeline cached of it on this
 * node ({@link WebsiteLookups}), after the statement: the next notification here reads the new rows. The admin API's routes call these methods with their
 * path and query parameters bound by {@code @Header}: taken as sent (a Simple parameter would strip quotes around an
 * id, and read an id {@code null} as no id at all).
 */
public class AdminStore {

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;
    private final AccessTokenCipher accessTokens;
    private final WebsiteLookups lookups;
    private final SqlFiles sql = new SqlFiles("admin");

    public AdminStore(DataSource dataSource, ObjectMapper json, AccessTokenCipher accessTokens, WebsiteLookups lookups) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.json = json;
        this.accessTokens = accessTokens;
        this.lookups = lookups;
    }

    /** @return true if the website was created, false if updated */
    public boolean putWebsite(@Header(AdminApi.WEBSITE_ID) String websiteId, @Body JsonNode body) {
        Map<String, Object> params = new HashMap<>();
        params.put("websiteId", websiteId);
        params.put("name", body.get("name").asText());
        params.put("phoneNumberId", body.get("phoneNumberId").asText());
        params.put("accessToken", accessTokens.encrypt(websiteId, body.get("accessToken").asText()));
        JsonNode throttle = body.path("throttlePerSecond");
        params.put("throttlePerSecond", throttle.isInt() ? throttle.asInt() : null);
        JsonNode businessAccount = body.path("businessAccountId");
        params.put("businessAccountId", businessAccount.isTextual() ? businessAccount.asText() : null);
        try {
            return upsert("update-website", "insert-website", params);
        } finally {
            // its templates carry its token, phone number id and throttle
            lookups.evictWebsite(websiteId);
        }
    }

    public List<Map<String, Object>> websites() {
        return jdbc.queryForList(sql("find-websites"), Map.of()).stream().map(AdminStore::website).toList();
    }

    public Map<String, Object> website(@Header(AdminApi.WEBSITE_ID) String websiteId) {
        return jdbc.queryForList(sql("find-website"), Map.of("websiteId", websiteId)).stream()
                .map(AdminStore::website).findFirst().orElseThrow(() -> new NotFound("website " + websiteId));
    }

    /** Nothing, when the website exists: for operations on what belongs to it. */
    public void requireWebsite(@Header(AdminApi.WEBSITE_ID) String websiteId) {
        website(websiteId);
    }

    /** Its status callbacks go with it, whatever their state: there is nowhere to send them any more. */
    public void deleteWebsite(@Header(AdminApi.WEBSITE_ID) String websiteId) {
        jdbc.update(sql("delete-website-callbacks"), Map.of("websiteId", websiteId));
        int deleted = jdbc.update(sql("delete-website"), Map.of("websiteId", websiteId));
        lookups.evictWebsite(websiteId);
        if (deleted == 0) {
            throw new NotFound("website " + websiteId);
        }
    }

    /** Creates a key and returns it: the only time it is ever visible. */
    public Map<String, Object> createApiKey(@Header(AdminApi.WEBSITE_ID) String websiteId) {
        String key = ApiKeys.generate();
        String keyId = UUID.randomUUID().toString();
        jdbc.update(sql("insert-api-key"), Map.of("keyId", keyId, "websiteId", websiteId,
                "keyHash", ApiKeys.hash(key), "keyPrefix", ApiKeys.prefixOf(key)));
        lookups.evictKeys(websiteId);
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("id", keyId);
        created.put("apikey", key);
        return created;
    }

    public List<Map<String, Object>> apiKeys(@Header(AdminApi.WEBSITE_ID) String websiteId) {
        return jdbc.queryForList(sql("find-api-keys"), Map.of("websiteId", websiteId)).stream().map(row -> {
            Map<String, Object> key = new LinkedHashMap<>();
            key.put("id", row.get("id"));
            key.put("prefix", row.get("key_prefix"));
            key.put("createdAt", Timestamps.iso(row.get("created_at")));
            return key;
        }).toList();
    }

    /** The key stops working at once on this node; a node that cached the website's keys refuses it within the TTL. */
    public void deleteApiKey(@Header(AdminApi.WEBSITE_ID) String websiteId, @Header(AdminApi.KEY_ID) String keyId) {
        int deleted = jdbc.update(sql("delete-api-key"), Map.of("websiteId", websiteId, "keyId", keyId));
        lookups.evictKeys(websiteId);
        if (deleted == 0) {
            throw new NotFound("api key " + keyId);
        }
    }

    public boolean putTemplate(@Header(AdminApi.WEBSITE_ID) String websiteId, @Header(AdminApi.TEMPLATE_ID) String templateId,
                               @Body JsonNode body) throws IOException {
        JsonNode media = body.path("media");
        Map<String, Object> params = new HashMap<>();
        params.put("websiteId", websiteId);
        params.put("templateId", templateId);
        params.put("name", body.get("name").asText());
        params.put("language", body.get("language").asText());
        params.put("type", body.get("type").asText());
        params.put("variables", json.writeValueAsString(body.get("variables")));
        params.put("mediaLink", media.hasNonNull("link") ? media.get("link").asText() : null);
        params.put("mediaFilename", media.hasNonNull("filename") ? media.get("filename").asText() : null);
        refuseSynced(websiteId, templateId);
        try {
            return upsert("update-template", "insert-template", params);
        } finally {
            lookups.evictTemplate(websiteId, templateId);
        }
    }

    /** What the account defines is changed at Meta, not here: a hand-written copy would drift from what Meta approved. */
    private void refuseSynced(String websiteId, String templateId) {
        List<String> source = jdbc.queryForList(sql("find-template-source"),
                Map.of("websiteId", websiteId, "templateId", templateId), String.class);
        if (source.contains("ACCOUNT")) {
            throw new RejectedException(ApiCode.INVALID_BODY, List.of(JoiError.at(List.of("templateId"), "any.invalid",
                    "is a template synced from the WhatsApp Business Account: it changes there (an alias gives it an id of yours)",
                    Map.of("value", templateId))));
        }
    }

    public List<Map<String, Object>> templates(@Header(AdminApi.WEBSITE_ID) String websiteId) {
        return jdbc.queryForList(sql("find-templates"), Map.of("websiteId", websiteId)).stream()
                .map(this::template).toList();
    }

    public Map<String, Object> template(@Header(AdminApi.WEBSITE_ID) String websiteId,
                                        @Header(AdminApi.TEMPLATE_ID) String templateId) {
        return jdbc.queryForList(sql("find-template"), Map.of("websiteId", websiteId, "templateId", templateId))
                .stream().map(this::template).findFirst().orElseThrow(() -> templateNotFound(websiteId, templateId));
    }

    public void deleteTemplate(@Header(AdminApi.WEBSITE_ID) String websiteId, @Header(AdminApi.TEMPLATE_ID) String templateId) {
        int deleted = jdbc.update(sql("delete-template"), Map.of("websiteId", websiteId, "templateId", templateId));
        lookups.evictTemplate(websiteId, templateId);
        if (deleted == 0) {
            throw templateNotFound(websiteId, templateId);
        }
    }

    /**
     * Gives the template the website's own id (so callers keep the templateId they know). An id another template of the
     * website answers to (its id or its alias) is refused: a send must find one template only.
     */
    public Map<String, Object> putTemplateAlias(@Header(AdminApi.WEBSITE_ID) String websiteId,
                                                @Header(AdminApi.TEMPLATE_ID) String templateId, @Body JsonNode body) {
        String alias = body.get("alias").asText();
        Map<String, Object> params = Map.of("websiteId", websiteId, "templateId", templateId, "alias", alias);
        template(websiteId, templateId); // NOT_FOUND before a clash is looked for
        List<String> holders = jdbc.queryForList(sql("find-alias-holder"), params, String.class);
        if (!holders.isEmpty()) {
            throw aliasTaken(alias, holders.get(0));
        }
        try {
            jdbc.update(sql("set-template-alias"), params);
        } catch (DuplicateKeyException raced) {
            throw aliasTaken(alias, "another template");
        } finally {
            // cached by the id a caller sent, which may be the old or the new alias
            lookups.evictWebsite(websiteId);
        }
        return template(websiteId, templateId);
    }

    public void deleteTemplateAlias(@Header(AdminApi.WEBSITE_ID) String websiteId,
                                    @Header(AdminApi.TEMPLATE_ID) String templateId) {
        int updated = jdbc.update(sql("delete-template-alias"), Map.of("websiteId", websiteId, "templateId", templateId));
        lookups.evictWebsite(websiteId);
        if (updated == 0) {
            throw templateNotFound(websiteId, templateId);
        }
    }

    private static RejectedException aliasTaken(String alias, String holder) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("value", alias);
        return new RejectedException(ApiCode.INVALID_BODY, List.of(JoiError.at(List.of("alias"), "any.invalid",
                "is already template " + holder + "'s id or alias", context)));
    }

    public Map<String, Object> notification(@Header(AdminApi.NOTIFICATION_ID) String notificationId) {
        // one row per status in its history, read in one statement with the notification
        List<Map<String, Object>> rows = jdbc.queryForList(sql("find-notification"), Map.of("notificationId", notificationId));
        if (rows.isEmpty()) {
            throw new NotFound("notification " + notificationId);
        }
        Map<String, Object> notification = notificationView(rows.get(0));
        notification.put("history", NotificationStatusView.history(rows));
        return notification;
    }

    /** Filters websiteId and status; paging limit (default 50, at most 500) and offset (default 0). */
    public List<Map<String, Object>> notifications(@Header(AdminApi.WEBSITE_ID) String websiteId,
                                                   @Header(AdminApi.STATUS) String status,
                                                   @Header(AdminApi.LIMIT) String limit,
                                                   @Header(AdminApi.OFFSET) String offset) {
        Map<String, Object> params = new HashMap<>();
        params.put("websiteId", websiteId);
        params.put("status", status);
        params.put("limit", QueryParameters.limit(limit));
        params.put("offset", QueryParameters.offset(offset));
        return jdbc.queryForList(sql("find-notifications"), params).stream().map(AdminStore::notificationView).toList();
    }

    /** Queued notifications (of one website, or all) become due now, e.g. once an outage is over: {@code {"due": n}}. */
    public Map<String, Object> retryNow(@Header(AdminApi.WEBSITE_ID) String websiteId) {
        Map<String, Object> params = new HashMap<>();
        params.put("websiteId", websiteId);
        params.put("now", java.sql.Timestamp.from(java.time.Instant.now()));
        return Map.of("due", jdbc.update(sql("retry-now"), params));
    }

    private static NotFound templateNotFound(String websiteId, String templateId) {
        return new NotFound("template " + templateId + " for website " + websiteId);
    }

    private static Map<String, Object> notificationView(Map<String, Object> row) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("id", row.get("id"));
        n.put("websiteId", row.get("website_id"));
        n.put("templateId", row.get("template_id"));
        n.put("destination", row.get("destination"));
        n.put("channel", row.get("channel"));
        n.put("status", row.get("status"));
        n.put("code", row.get("code"));
        n.put("providerMessageId", row.get("provider_message_id"));
        n.put("error", row.get("error"));
        n.put("replyError", row.get("reply_error"));
        n.put("createdAt", Timestamps.iso(row.get("created_at")));
        n.put("updatedAt", Timestamps.iso(row.get("updated_at")));
        return n;
    }

    private boolean upsert(String updateSql, String insertSql, Map<String, Object> params) {
        if (jdbc.update(sql(updateSql), params) > 0) {
            return false;
        }
        try {
            jdbc.update(sql(insertSql), params);
            return true;
        } catch (DuplicateKeyException raced) {
            // another writer created it between our update and insert: it exists now, so update it
            jdbc.update(sql(updateSql), params);
            return false;
        }
    }

    private static Map<String, Object> website(Map<String, Object> row) {
        Map<String, Object> website = new LinkedHashMap<>();
        website.put("websiteId", row.get("id"));
        website.put("name", row.get("name"));
        website.put("phoneNumberId", row.get("phone_number_id"));
        website.put("accessToken", "********");
        website.put("businessAccountId", row.get("business_account_id"));
        website.put("throttlePerSecond", row.get("throttle_per_second"));
        website.put("pausedUntil", Timestamps.iso(row.get("paused_until")));
        website.put("createdAt", Timestamps.iso(row.get("created_at")));
        website.put("updatedAt", Timestamps.iso(row.get("updated_at")));
        return website;
    }

    private Map<String, Object> template(Map<String, Object> row) {
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("templateId", row.get("template_id"));
        template.put("name", row.get("name"));
        template.put("language", row.get("language"));
        template.put("type", row.get("type"));
        template.put("alias", row.get("alias"));
        template.put("source", row.get("source"));
        template.put("status", row.get("status"));
        template.put("category", row.get("category"));
        template.put("parameterFormat", row.get("parameter_format"));
        try {
            template.put("variables", json.readTree((String) row.get("variables")));
            Object components = row.get("components");
            template.put("components", components == null ? null : json.readTree(components.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (row.get("media_link") != null) {
            Map<String, Object> media = new LinkedHashMap<>();
            media.put("link", row.get("media_link"));
            if (row.get("media_filename") != null) {
                media.put("filename", row.get("media_filename"));
            }
            template.put("media", media);
        }
        // what a request gives for it: each params name and the places it fills, and the header's own field
        TemplateLayout layout = TemplateLayouts.stored(json, (String) row.get("components"), (String) row.get("parameter_format"),
                (String) row.get("category"), (String) row.get("type"), (String) row.get("variables"));
        template.put("params", TemplateParamsView.params(layout));
        template.put("fields", TemplateParamsView.fields(layout));
        template.put("unsupported", layout.unsupported());
        template.put("retiredAt", Timestamps.iso(row.get("retired_at")));
        template.put("updatedAt", Timestamps.iso(row.get("updated_at")));
        return template;
    }

    private String sql(String name) {
        return sql.get(name);
    }
}
