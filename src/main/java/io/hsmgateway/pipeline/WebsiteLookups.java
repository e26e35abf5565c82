package io.hsmgateway.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hsmgateway.Hsm;
import io.hsmgateway.cluster.ClusterNotices;
import io.hsmgateway.cluster.ClusterNotices.Notice;
import io.hsmgateway.pipeline.whatsapp.DeliveryTarget;
import io.hsmgateway.templates.TemplateLayout;
import io.hsmgateway.templates.TemplateLayouts;
import io.hsmgateway.storage.SqlFiles;
import org.apache.camel.ExchangeProperty;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * What every notification reads of its website: its api key hashes (or only that it exists, for a door that grants
 * it) and the template with the website's delivery target. Read through bounded caches with a short TTL
 * ({@code hsm.cache.ttl-ms}, 0 = every read goes to the database), so a burst for one website costs a read per
 * window, not two per notification. SQL in {@code sql/lookups/}.
 * <p>
 * Only what exists is cached: an unknown website or template is read again each time, as before. Made-up ids
 * cannot push real entries out of the bounded cache, and a website or template created on any node is seen at once
 * everywhere. What changes these rows ({@code AdminStore}, the template sync, the pipeline pausing a website) evicts
 * them here and tells the other nodes ({@link ClusterNotices}), which evict them too: a key revoked on one node is
 * refused on every node within milliseconds; the TTL bounds it only when a notice is lost. Start-up writers (the
 * sandbox's demo seed, the access-token migration) run before anything is cached.
 */
public class WebsiteLookups implements ClusterNotices.Listener {

    static final String KEYS_CHANGED = "website-keys";
    static final String TEMPLATE_CHANGED = "template";
    static final String WEBSITE_CHANGED = "website";

    public static final String BEAN_NAME = "websiteLookups";

    /** A website's stored key hashes (none: it has no keys). */
    public record WebsiteKeys(List<String> keyHashes) {
    }

    private record TemplateKey(String websiteId, String templateId) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;
    private final ClusterNotices notices;
    private final SqlFiles sql = new SqlFiles("lookups");
    private final Cache<String, WebsiteKeys> keys;
    private final Cache<TemplateKey, Template> templates;
    private final LongAdder keyReads = new LongAdder();
    private final LongAdder templateReads = new LongAdder();

    /** @param ttl how long an entry is used; zero: no cache */
    public WebsiteLookups(DataSource dataSource, ObjectMapper json, Duration ttl, long maxEntries, ClusterNotices notices) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.json = json;
        this.keys = cache(ttl, maxEntries);
        this.templates = cache(ttl, maxEntries);
        this.notices = notices;
        notices.listen(this);
    }

    /** @return the website's key hashes, or null when the website does not exist */
    public WebsiteKeys keys(String websiteId) {
        return read(keys, websiteId, this::loadKeys);
    }

    /** @return the template with its website's delivery target, or null when the website has no such template */
    public Template template(String websiteId, String templateId) {
        return read(templates, new TemplateKey(websiteId, templateId), this::loadTemplate);
    }

    /** The website's keys changed (one created or deleted): here and on every node. */
    public void evictKeys(String websiteId) {
        forgetKeys(websiteId);
        notices.tell(Notice.of(KEYS_CHANGED, websiteId));
    }

    public void evictTemplate(String websiteId, String templateId) {
        forgetTemplate(websiteId, templateId);
        notices.tell(Notice.of(TEMPLATE_CHANGED, websiteId, templateId));
    }

    /**
     * The website itself changed (token, phone number, throttle, pause) or is gone: its keys and every template,
     * which carry its delivery target; here and on every node. A read already under way may still put the old target
     * back: the TTL bounds it.
     */
    public void evictWebsite(String websiteId) {
        forgetWebsite(websiteId);
        notices.tell(Notice.of(WEBSITE_CHANGED, websiteId));
    }

    /** Another node changed these rows. */
    @Override
    public void heard(Notice notice) {
        switch (notice.kind()) {
            case KEYS_CHANGED -> forgetKeys(notice.value(0));
            case TEMPLATE_CHANGED -> forgetTemplate(notice.value(0), notice.value(1));
            case WEBSITE_CHANGED -> forgetWebsite(notice.value(0));
            default -> {
                // another listener's notice
            }
        }
    }

    @Override
    public void mayHaveMissed() {
        if (keys != null) {
            keys.invalidateAll();
            templates.invalidateAll();
        }
    }

    private void forgetKeys(String websiteId) {
        if (keys != null) {
            keys.invalidate(websiteId);
        }
    }

    private void forgetTemplate(String websiteId, String templateId) {
        if (templates != null) {
            templates.invalidate(new TemplateKey(websiteId, templateId));
        }
    }

    private void forgetWebsite(String websiteId) {
        forgetKeys(websiteId);
        if (templates != null) {
            templates.asMap().keySet().removeIf(key -> key.websiteId().equals(websiteId));
        }
    }

    /** The pipeline paused the website (its account failed): the next notification must see the pause. */
    public void websitePaused(@ExchangeProperty(Hsm.WEBSITE_ID) String websiteId) {
        evictWebsite(websiteId);
    }

    /** Database reads of key hashes so far, cached or not: what the cache saves shows here. */
    public long keyReads() {
        return keyReads.sum();
    }

    /** Database reads of templates so far. */
    public long templateReads() {
        return templateReads.sum();
    }

    private WebsiteKeys loadKeys(String websiteId) {
        keyReads.increment();
        List<String> rows = jdbc.queryForList(sql.get("find-website-keys"), Map.of("websiteId", websiteId), String.class);
        return rows.isEmpty() ? null : new WebsiteKeys(rows.stream().filter(Objects::nonNull).toList());
    }

    private Template loadTemplate(TemplateKey key) {
        templateReads.increment();
        return jdbc.queryForList(sql.get("find-template"),
                        Map.of("websiteId", key.websiteId(), "templateId", key.templateId()))
                .stream().findFirst().map(this::template).orElse(null);
    }

    /** A synced template's layout is derived from Meta's components; a hand-written one's from its type and variables. */
    private Template template(Map<String, Object> row) {
        TemplateLayout layout = TemplateLayouts.stored(json, (String) row.get("components"), (String) row.get("parameter_format"),
                (String) row.get("category"), (String) row.get("type"), (String) row.get("variables"));
        return new Template(
                (String) row.get("template_id"),
                (String) row.get("name"),
                (String) row.get("language"),
                (String) row.get("status"),
                layout,
                (String) row.get("media_link"),
                (String) row.get("media_filename"),
                new DeliveryTarget((String) row.get("phone_number_id"), (String) row.get("access_token"),
                        instant(row.get("paused_until")), (Integer) row.get("throttle_per_second")));
    }

    private static Instant instant(Object timestamp) {
        return timestamp instanceof Timestamp t ? t.toInstant() : null;
    }

    /** A loader's null (nothing found) is not stored: Caffeine keeps no null values. */
    private static <K, V> V read(Cache<K, V> cache, K key, Function<K, V> loader) {
        return cache == null ? loader.apply(key) : cache.get(key, loader);
    }

    private static <K, V> Cache<K, V> cache(Duration ttl, long maxEntries) {
        return ttl.isZero() ? null : Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).build();
    }
}
