package io.hsmgateway.pipeline;

import java.util.List;

/**
 * A website's template joined with the website's delivery credentials, as the pipeline needs it.
 * The access token never appears in {@link #toString()}.
 */
public record Template(
        String templateId,
        String name,
        String language,
        TemplateType type,
        List<String> variables,
        String mediaLink,
        String mediaFilename,
        String phoneNumberId,
        String accessToken) {

    /** Variables named "1", "2", ... are positional: the Cloud API rejects parameter names for them. */
    public boolean positional() {
        return !variables.isEmpty() && variables.stream().allMatch(v -> v.chars().allMatch(Character::isDigit));
    }

    @Override
    public String toString() {
        return "Template[templateId=" + templateId + ", name=" + name + ", type=" + type + "]";
    }
}
