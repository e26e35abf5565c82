package io.hsmgateway.pipeline;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.ApiResponse;
import io.hsmgateway.api.JoiError;
import io.hsmgateway.api.RejectedException;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

import io.hsmgateway.pipeline.whatsapp.DeliveryTarget;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the template row found by {@code sql/find-template.sql} into a {@link Template} and checks the
 * request against it: it must exist, and {@code params} must hold exactly its variables.
 */
public class TemplateMatcher {

    public static final String BEAN_NAME = "templateMatcher";

    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {
    };

    private final ObjectMapper json;

    public TemplateMatcher(ObjectMapper json) {
        this.json = json;
    }

    public Template match(@ExchangeProperty(Hsm.WEBSITE_ID) String websiteId,
                          @ExchangeProperty(Hsm.REQUEST) NotificationRequest request,
                          @Header(Hsm.TEMPLATE_ROW) Map<String, Object> row) throws IOException {
        if (row == null) {
            throw notFound(websiteId, request.getTemplateId());
        }
        Template template = fromRow(row, json);
        List<JoiError> problems = new ArrayList<>();
        for (String variable : template.variables()) {
            if (!request.getParams().containsKey(variable)) {
                problems.add(JoiError.required(List.of("params", variable)));
            }
        }
        request.getParams().forEach((name, value) -> {
            if (!template.variables().contains(name)) {
                problems.add(JoiError.notAllowed(List.of("params", name), value));
            }
        });
        if (!template.type().hasMedia() && request.getMediaLink() != null) {
            problems.add(JoiError.notAllowed(List.of("media"), Map.of("link", request.getMediaLink())));
        }
        if (!problems.isEmpty()) {
            throw new RejectedException(ApiCode.INVALID_BODY, problems);
        }
        return template;
    }

    static Template fromRow(Map<String, Object> row, ObjectMapper json) throws IOException {
        return new Template(
                (String) row.get("template_id"),
                (String) row.get("name"),
                (String) row.get("language"),
                TemplateType.valueOf((String) row.get("type")),
                json.readValue((String) row.get("variables"), STRING_LIST),
                (String) row.get("media_link"),
                (String) row.get("media_filename"),
                new DeliveryTarget((String) row.get("phone_number_id"), (String) row.get("access_token"),
                        instant(row.get("paused_until")), (Integer) row.get("throttle_per_second")));
    }

    static Instant instant(Object timestamp) {
        return timestamp instanceof Timestamp t ? t.toInstant() : null;
    }

    private static RejectedException notFound(String websiteId, String templateId) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("templateId", templateId);
        result.put("websiteId", websiteId);
        return new RejectedException(ApiResponse.of(ApiCode.NOT_FOUND,
                "Cant find requested template " + templateId + " for website " + websiteId, result));
    }
}
