package io.hsmgateway.templatesync;

import io.hsmgateway.Hsm;
import io.hsmgateway.api.NotFound;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.JoiError;
import io.hsmgateway.api.RejectedException;
import io.hsmgateway.pipeline.WebsiteLookups;
import io.hsmgateway.storage.SqlFiles;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The database side of a sync ({@code sql/templates/*.sql}): which website, and the listing applied in one transaction.
 * Synced rows (source ACCOUNT) are inserted, updated (a template that comes back is un-retired) or retired when the
 * listing no longer has them; hand-written rows (source ADMIN) are never touched, and a listed id one of them already
 * holds is skipped. Every sync evicts what the pipeline cached of the website, aliases included.
 */
public class TemplateSyncStore {

    public static final String BEAN_NAME = "templateSyncStore";

    private static final Logger LOG = LoggerFactory.getLogger(TemplateSyncStore.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final WebsiteLookups lookups;
    private final SqlFiles sql = new SqlFiles("templates");

    public TemplateSyncStore(DataSource dataSource, WebsiteLookups lookups) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.lookups = lookups;
    }

    /** The website to sync: NOT_FOUND when there is none, INVALID_BODY when it has no WhatsApp Business Account. */
    public SyncAccount account(@ExchangeProperty(Hsm.WEBSITE_ID) String websiteId) {
        Map<String, Object> website = jdbc.queryForList(sql.get("find-account"), Map.of("websiteId", websiteId)).stream()
                .findFirst().orElseThrow(() -> new NotFound("website " + websiteId));
        String businessAccountId = (String) website.get("business_account_id");
        if (businessAccountId == null) {
            throw new RejectedException(ApiCode.INVALID_BODY, List.of(JoiError.at(List.of("businessAccountId"),
                    "any.required", "is required to sync templates: set it with PUT /admin/websites/" + websiteId,
                    new LinkedHashMap<>())));
        }
        return new SyncAccount(websiteId, businessAccountId, (String) website.get("access_token"));
    }

    /** Every website with a WhatsApp Business Account: what the schedule syncs. */
    public List<String> accountWebsites() {
        return jdbc.queryForList(sql.get("find-account-websites"), Map.of(), String.class);
    }

    /**
     * The whole listing against the stored rows, in one transaction. One at a time on this node: an admin sync and a
     * scheduled one of the same website would both insert its new templates, and the second's transaction would fail.
     */
    public synchronized SyncReport apply(@ExchangeProperty(Hsm.WEBSITE_ID) String websiteId,
                            @ExchangeProperty(Hsm.TEMPLATE_LISTING) TemplateListing listing) {
        try {
            return transaction.execute(status -> applyListing(websiteId, listing.templates()));
        } finally {
            lookups.evictWebsite(websiteId);
        }
    }

    private SyncReport applyListing(String websiteId, List<AccountTemplate> listed) {
        Map<String, StoredTemplate> stored = new HashMap<>();
        for (Map<String, Object> row : jdbc.queryForList(sql.get("find-website-templates"), Map.of("websiteId", websiteId))) {
            StoredTemplate template = StoredTemplate.of(row);
            stored.put(template.templateId(), template);
        }
        List<SyncReport.Entry> added = new ArrayList<>();
        List<SyncReport.Entry> changed = new ArrayList<>();
        int unchanged = 0;
        Set<String> seen = new HashSet<>();
        for (AccountTemplate template : listed) {
            if (!seen.add(template.templateId())) {
                continue; // listed twice (a page boundary moved under the cursor): once is enough
            }
            StoredTemplate before = stored.get(template.templateId());
            if (before == null) {
                jdbc.update(sql.get("insert-account-template"), params(websiteId, template));
                added.add(SyncReport.Entry.of(template));
            } else if (!before.synced()) {
                LOG.warn("Template {} of website {} not synced: a hand-written template has that id",
                        template.templateId(), websiteId);
            } else if (before.retired()) {
                // back in the account: sendable again
                jdbc.update(sql.get("update-account-template"), params(websiteId, template));
                added.add(SyncReport.Entry.of(template));
            } else if (template.differsFrom(before)) {
                jdbc.update(sql.get("update-account-template"), params(websiteId, template));
                changed.add(SyncReport.Entry.of(template));
            } else {
                unchanged++;
            }
        }
        List<SyncReport.Entry> retired = new ArrayList<>();
        for (StoredTemplate before : stored.values()) {
            if (before.synced() && !before.retired() && !seen.contains(before.templateId())) {
                jdbc.update(sql.get("retire-account-template"), Map.of("websiteId", websiteId, "templateId", before.templateId()));
                retired.add(SyncReport.Entry.of(before));
            }
        }
        retired.sort(java.util.Comparator.comparing(SyncReport.Entry::templateId));
        return new SyncReport(added, changed, retired, unchanged);
    }

    private static Map<String, Object> params(String websiteId, AccountTemplate template) {
        Map<String, Object> params = new HashMap<>();
        params.put("websiteId", websiteId);
        params.put("templateId", template.templateId());
        params.put("name", template.name());
        params.put("language", template.language());
        params.put("type", template.type());
        params.put("status", template.status());
        params.put("category", template.category());
        params.put("parameterFormat", template.parameterFormat());
        params.put("components", template.components());
        return params;
    }
}
