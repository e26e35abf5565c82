package io.hsmgateway.pipeline;

import io.hsmgateway.pipeline.whatsapp.DeliveryTarget;

import java.util.List;

/** A website's template, with where its website's messages are delivered. */
public record Template(
        String templateId,
        String name,
        String language,
        TemplateType type,
        List<String> variables,
        String mediaLink,
        String mediaFilename,
        DeliveryTarget target) {

    /** Variables named "1", "2", ... are positional: the Cloud API rejects parameter names for them. */
    public boolean positional() {
        return !variables.isEmpty() && variables.stream().allMatch(v -> v.chars().allMatch(Character::isDigit));
    }

    @Override
    public String toString() {
        return "Template[templateId=" + templateId + ", name=" + name + ", type=" + type + "]";
    }
}
