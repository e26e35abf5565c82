package io.hsmgateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.Hsm;
import io.hsmgateway.api.NotFound;
import io.hsmgateway.api.Timestamps;
import io.hsmgateway.callbacks.CallbackSecrets;
import io.hsmgateway.callbacks.CallbackUrls;
import io.hsmgateway.secrets.AccessTokenCipher;
import io.hsmgateway.storage.SqlFiles;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperties;
import org.apache.camel.Header;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A website's status callback (its URL and secret) and the queue of callbacks as the admin API sees them. The
 * secret is made anew at every PUT, shown in that answer only, and stored encrypted like the access token
 * ({@link AccessTokenCipher}, the website id as associated data); it is never read back here. A URL must pass
 * {@link CallbackUrls}. Removing the URL ends what the website had queued DEAD (nowhere to send it); deleting the
 * website deletes its callbacks ({@link AdminStore#deleteWebsite}). Parameters are bound by {@code @Header}, taken as
 * sent; what does not exist is {@link NotFound}.
 */
public class StatusCallbacks {

    public static final int MAX_PAGE = 500;
    static final Set<String> STATES = Set.of("DUE", "SENDING", "DELIVERED", "DEAD");

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;
    private final AccessTokenCipher secrets;
    private final CallbackUrls urls;
    private final SqlFiles sql = new SqlFiles("admin");

    public StatusCallbacks(DataSource dataSource, ObjectMapper json, AccessTokenCipher secrets, CallbackUrls urls) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.json = json;
        this.secrets = secrets;
        this.urls = urls;
    }

    /** Sets the URL and a new secret: {@code {"url", "secret"}}, the only time the secret is ever shown. */
    public Map<String, Object> put(@Header(AdminApi.WEBSITE_ID) String websiteId, @Body JsonNode body,
                                   @ExchangeProperties Map<String, Object> properties) {
        String url = urls.check(body.get("url").asText());
        boolean created = websiteRow(websiteId).get("callback_url") == null;
        String secret = CallbackSecrets.generate();
        Map<String, Object> params = new HashMap<>();
        params.put("websiteId", websiteId);
        params.put("url", url);
        params.put("secret", secrets.encrypt(websiteId, secret));
        if (jdbc.update(sql.get("update-callback"), params) == 0) {
            throw websiteNotFound(websiteId); // deleted meanwhile
        }
        properties.put(Hsm.ADMIN_CREATED, created);
        Map<String, Object> saved = new LinkedHashMap<>();
        saved.put("url", url);
        saved.put("secret", secret);
        return saved;
    }

    public Map<String, Object> get(@Header(AdminApi.WEBSITE_ID) String websiteId) {
        Object url = websiteRow(websiteId).get("callback_url");
        if (url == null) {
            throw callbackNotFound(websiteId);
        }
        Map<String, Object> callback = new LinkedHashMap<>();
        callback.put("url", url);
        return callback;
    }

    public void delete(@Header(AdminApi.WEBSITE_ID) String websiteId) {
        websiteRow(websiteId);
        if (jdbc.update(sql.get("delete-callback"), Map.of("websiteId", websiteId)) == 0) {
            throw callbackNotFound(websiteId);
        }
        jdbc.update(sql.get("drop-queued-callbacks"), Map.of("websiteId", websiteId));
    }

    /** Filters websiteId and state (DUE, SENDING, DELIVERED, DEAD); paging limit (max {@value #MAX_PAGE}), offset. */
    public List<Map<String, Object>> list(@Header(AdminApi.WEBSITE_ID) String websiteId, @Header(AdminApi.STATE) String state,
                                          @Header(AdminApi.LIMIT) String limit, @Header(AdminApi.OFFSET) String offset) {
        String wanted = state == null || state.isBlank() ? null : state;
        if (wanted != null && !STATES.contains(wanted)) {
            throw QueryParameters.invalid(AdminApi.STATE, state, "must be one of DUE, SENDING, DELIVERED, DEAD");
        }
        Map<String, Object> params = new HashMap<>();
        params.put("websiteId", websiteId == null || websiteId.isBlank() ? null : websiteId);
        params.put("state", wanted);
        params.put("limit", QueryParameters.limit(limit));
        params.put("offset", QueryParameters.offset(offset));
        return jdbc.queryForList(sql.get("find-status-callbacks"), params).stream().map(this::view).toList();
    }

    /** A DEAD (or DELIVERED) callback is due again now, its attempts counted anew; a queued one is left as it is. */
    public Map<String, Object> replay(@Header(AdminApi.CALLBACK_ID) String callbackId) {
        jdbc.update(sql.get("replay-status-callback"), Map.of("callbackId", callbackId));
        return jdbc.queryForList(sql.get("find-status-callback"), Map.of("callbackId", callbackId)).stream()
                .map(this::view).findFirst().orElseThrow(() -> new NotFound("callback " + callbackId));
    }

    private Map<String, Object> websiteRow(String websiteId) {
        return jdbc.queryForList(sql.get("find-callback"), Map.of("websiteId", websiteId)).stream().findFirst()
                .orElseThrow(() -> websiteNotFound(websiteId));
    }

    private Map<String, Object> view(Map<String, Object> row) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", row.get("id"));
        view.put("websiteId", row.get("website_id"));
        view.put("notificationId", row.get("notification_id"));
        view.put("state", row.get("state"));
        view.put("attempts", row.get("attempts"));
        view.put("nextAttemptAt", Timestamps.iso(row.get("next_attempt_at")));
        view.put("lastError", row.get("last_error"));
        view.put("createdAt", Timestamps.iso(row.get("created_at")));
        view.put("updatedAt", Timestamps.iso(row.get("updated_at")));
        view.put("payload", payload((String) row.get("payload")));
        return view;
    }

    /** The payload as JSON, as it is POSTed; as text should it not parse. */
    private Object payload(String payload) {
        try {
            return json.readTree(payload);
        } catch (IOException e) {
            return payload;
        }
    }

    private static NotFound websiteNotFound(String websiteId) {
        return new NotFound("website " + websiteId);
    }

    private static NotFound callbackNotFound(String websiteId) {
        return new NotFound("callback for website " + websiteId);
    }
}
