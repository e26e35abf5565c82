package io.hsmgateway.templatesync;

import java.util.Map;

/** A website's template row as the sync compares it with the listing. */
record StoredTemplate(String templateId, String source, String name, String language, String status, String category,
                      String parameterFormat, String components, boolean retired) {

    static final String ACCOUNT = "ACCOUNT";

    static StoredTemplate of(Map<String, Object> row) {
        Object components = row.get("components");
        return new StoredTemplate((String) row.get("template_id"), (String) row.get("source"), (String) row.get("name"),
                (String) row.get("language"), (String) row.get("status"), (String) row.get("category"),
                (String) row.get("parameter_format"), components == null ? null : components.toString(),
                row.get("retired_at") != null);
    }

    boolean synced() {
        return ACCOUNT.equals(source);
    }
}
