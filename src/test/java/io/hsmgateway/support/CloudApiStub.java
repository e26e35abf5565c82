package io.hsmgateway.support;

import com.github.tomakehurst.wiremock.WireMockServer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** The WhatsApp Cloud API's stand-in on loopback (WireMock): by default it takes every message. */
public final class CloudApiStub {

    /** A TEXT template with one named variable, as the admin API takes it. */
    public static final String TEXT_TEMPLATE = "{\"name\":\"t\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[\"name\"]}";

    private CloudApiStub() {
    }

    /** Started on a free loopback port, answering every message with a message id. */
    public static WireMockServer accepting() {
        WireMockServer cloudApi = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        accept(cloudApi);
        return cloudApi;
    }

    public static void accept(WireMockServer cloudApi) {
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messages\":[{\"id\":\"wamid.stub\"}]}")));
    }
}
