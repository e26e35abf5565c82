package io.hsmgateway.pipeline;

import io.hsmgateway.pipeline.whatsapp.DeliveryTarget;
import io.hsmgateway.templates.TemplateLayout;
import io.hsmgateway.templates.TemplateType;

/**
 * A website's template as the pipeline sends it: Meta's name and language, its review status (null: hand-written,
 * never reviewed here), its {@link TemplateLayout} (what each {@code params} name fills), its default media (hand-written
 * media templates), and where its website's messages are delivered.
 */
public record Template(
        String templateId,
        String name,
        String language,
        String status,
        TemplateLayout layout,
        String mediaLink,
        String mediaFilename,
        DeliveryTarget target) {

    /** The only status Meta sends templates in. */
    public static final String APPROVED = "APPROVED";

    /** The header's format, which chooses the pipeline's branch. */
    public TemplateType type() {
        return layout.header();
    }

    /** Hand-written templates carry no status; a synced one must be APPROVED. */
    public boolean sendable() {
        return status == null || APPROVED.equals(status);
    }

    @Override
    public String toString() {
        return "Template[templateId=" + templateId + ", name=" + name + ", type=" + type() + "]";
    }
}
