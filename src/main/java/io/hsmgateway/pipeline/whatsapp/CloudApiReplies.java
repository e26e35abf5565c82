package io.hsmgateway.pipeline.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.Hsm;
import io.hsmgateway.pipeline.Template;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/** The Cloud API side of delivery: where a message goes, with which credentials, and what came back. */
public class CloudApiReplies {

    private final ObjectMapper json;
    private final String apiVersion;

    public CloudApiReplies(ObjectMapper json, String apiVersion) {
        this.json = json;
        this.apiVersion = apiVersion;
    }

    public String messagesPath(@ExchangeProperty(Hsm.TEMPLATE) Template template) {
        return "/" + apiVersion + "/" + template.phoneNumberId() + "/messages";
    }

    public String authorization(@ExchangeProperty(Hsm.TEMPLATE) Template template) {
        return "Bearer " + template.accessToken();
    }

    /** @return the Cloud API message id (wamid) of an accepted message */
    public String messageId(@Header("CamelHttpResponseCode") int status, @Body String body) {
        JsonNode reply = parse(body);
        if (status >= 200 && status < 300) {
            String id = reply.path("messages").path(0).path("id").asText(null);
            if (id != null) {
                return id;
            }
            throw new ProviderException(status, null, "accepted without a message id");
        }
        JsonNode error = reply.path("error");
        Integer code = error.path("code").isNumber() ? error.path("code").asInt() : null;
        String message = error.path("message").asText("HTTP " + status);
        throw new ProviderException(status, code, message);
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (Exception e) {
            return json.createObjectNode();
        }
    }
}
