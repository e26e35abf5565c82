package io.hsmgateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** The gateway's health endpoint (camel-main's management server on hsm.management.port), asked as an operator would. */
public final class Health {

    public static final String ALL = "/observe/health";
    public static final String READY = "/observe/health/ready";
    public static final String LIVE = "/observe/health/live";
    /** Everything the endpoint can be made to say: every check's data and stack trace. */
    public static final String EVERYTHING = ALL + "?data=true&stackTrace=true";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Health(int port) {
        this.port = port;
    }

    /** The health endpoint of the gateway started with these properties. */
    public static Health of(Map<String, String> properties) {
        return new Health(Integer.parseInt(properties.get("hsm.management.port")));
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public int status(String path) throws IOException, InterruptedException {
        return get(path).statusCode();
    }

    /** The named check as {@link #ALL} reports it ({@code name}, {@code status}, {@code message}, {@code error-message}). */
    public Optional<JsonNode> check(String name) throws IOException, InterruptedException {
        return checks(ALL).filter(check -> name.equals(check.path("name").asText())).findFirst();
    }

    /** The checks the given path reports. */
    public Stream<JsonNode> checks(String path) throws IOException, InterruptedException {
        JsonNode body = JSON.readTree(get(path).body());
        return StreamSupport.stream(body.path("checks").spliterator(), false);
    }

    /** The named check's state, or ABSENT when health has no such check. */
    public String state(String name) throws IOException, InterruptedException {
        return check(name).map(check -> check.path("status").asText()).orElse("ABSENT");
    }

    /** What the named check says about itself: its message and its error's, as one line. */
    public String reason(String name) throws IOException, InterruptedException {
        return check(name).map(check -> check.path("message").asText("") + " | " + check.path("error-message").asText(""))
                .orElse("");
    }
}
