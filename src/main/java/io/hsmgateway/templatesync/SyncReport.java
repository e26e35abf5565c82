package io.hsmgateway.templatesync;

import java.util.List;

/** What a sync did: the answer of {@code POST /admin/websites/{id}/templates/sync}. */
public record SyncReport(List<Entry> added, List<Entry> changed, List<Entry> retired, int unchanged) {

    /** A template the sync added, changed or retired, by the id a send gives. */
    public record Entry(String templateId, String name, String language, String status) {

        static Entry of(AccountTemplate template) {
            return new Entry(template.templateId(), template.name(), template.language(), template.status());
        }

        static Entry of(StoredTemplate template) {
            return new Entry(template.templateId(), template.name(), template.language(), template.status());
        }
    }
}
