package io.hsmgateway.templatesync;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * The Graph API's {@code message_templates} listing on the Cloud API's WireMock (both live under hsm.whatsapp.base-url),
 * in Meta's shape: {@code data}, and {@code paging} with cursors and a {@code next} on every page but the last. The
 * latest stub of a page wins, so a test changes the account by stubbing it again.
 */
final class GraphApiStub {

    static final String VERSION = "v23.0";

    private GraphApiStub() {
    }

    static String path(String businessAccountId) {
        return "/" + VERSION + "/" + businessAccountId + "/message_templates";
    }

    /** Pages in order, each a list of templates' JSON; page i+1 is asked for with after=cursor-(i+1). */
    static void listing(WireMockServer graph, String businessAccountId, List<List<String>> pages) {
        for (int i = 0; i < pages.size(); i++) {
            MappingBuilder request = get(urlPathEqualTo(path(businessAccountId)))
                    .withQueryParam("after", i == 0 ? absent() : equalTo("cursor-" + i));
            boolean last = i == pages.size() - 1;
            String paging = "{\"cursors\":{\"before\":\"before-" + i + "\",\"after\":\"cursor-" + (i + 1) + "\"}"
                    + (last ? "" : ",\"next\":\"https://graph.facebook.com/" + VERSION + "/" + businessAccountId
                    + "/message_templates?limit=100&after=cursor-" + (i + 1) + "\"") + "}";
            graph.stubFor(request.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody("{\"data\":[" + String.join(",", pages.get(i)) + "],\"paging\":" + paging + "}")));
        }
    }

    static void error(WireMockServer graph, String businessAccountId, int status, String errorJson) {
        graph.stubFor(get(urlPathEqualTo(path(businessAccountId)))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(errorJson)));
    }

    /** A template as Meta lists it, with a body and, when given, a text header. */
    static String template(String id, String name, String status, String body) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"language\":\"es_AR\",\"status\":\"" + status
                + "\",\"category\":\"UTILITY\",\"parameter_format\":\"POSITIONAL\",\"components\":[{\"type\":\"BODY\",\"text\":\""
                + body + "\"}]}";
    }
}
