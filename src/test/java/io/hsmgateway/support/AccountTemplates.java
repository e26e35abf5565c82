package io.hsmgateway.support;

import io.hsmgateway.pipeline.WebsiteLookups;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts a template in a website's store as a sync from the WhatsApp Business Account leaves it (source ACCOUNT, Meta's
 * id, status, category, parameter format and components as Meta returns them), for tests of what is sent for each
 * component kind. How a sync gets there is tested on its own.
 */
public final class AccountTemplates {

    private static final Pattern MEDIA_OR_LOCATION_HEADER =
            Pattern.compile("\"format\"\\s*:\\s*\"(IMAGE|VIDEO|DOCUMENT|LOCATION)\"");

    private final JdbcTemplate jdbc;
    private final WebsiteLookups lookups;

    public AccountTemplates(Gateway gateway) {
        this.jdbc = new JdbcTemplate(gateway.context().getRegistry().findSingleByType(DataSource.class));
        this.lookups = gateway.context().getRegistry().lookupByNameAndType(WebsiteLookups.BEAN_NAME, WebsiteLookups.class);
    }

    /** As a sync that found the template gone. */
    public void retire(String websiteId, String templateId) {
        jdbc.update("UPDATE templates SET retired_at = CURRENT_TIMESTAMP WHERE website_id = ? AND template_id = ?",
                websiteId, templateId);
        lookups.evictWebsite(websiteId);
    }

    /** @param componentsJson Meta's {@code components} array */
    public void put(String websiteId, String templateId, String name, String category, String parameterFormat,
                    String status, String componentsJson) {
        Matcher header = MEDIA_OR_LOCATION_HEADER.matcher(componentsJson);
        String type = header.find() ? header.group(1) : "TEXT";
        jdbc.update("DELETE FROM templates WHERE website_id = ? AND template_id = ?", websiteId, templateId);
        jdbc.update("INSERT INTO templates (website_id, template_id, name, language, type, variables, source, status, category,"
                        + " parameter_format, components, updated_at)"
                        + " VALUES (?, ?, ?, 'es_AR', ?, '[]', 'ACCOUNT', ?, ?, ?, ?, CURRENT_TIMESTAMP)",
                websiteId, templateId, name, type, status, category, parameterFormat, componentsJson);
        lookups.evictWebsite(websiteId); // what a sync does after it stores the account's templates
    }
}
