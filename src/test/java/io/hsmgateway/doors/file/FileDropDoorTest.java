package io.hsmgateway.doors.file;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.Gateway;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The file-drop door end to end: files in a temp inbox, the real gateway, WireMock as the Cloud API. */
class FileDropDoorTest {

    static final String HELLO = """
            {"name":"hello","language":"es_AR","type":"TEXT","variables":["name"]}""";

    @TempDir
    static Path inbox;
    static WireMockServer cloudApi;
    static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        cloudApi = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        cloudApi.stubFor(post(urlPathMatching("/v23.0/.*/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"messages\":[{\"id\":\"wamid.X\"}]}")));
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.whatsapp.base-url", "http://127.0.0.1:" + cloudApi.port());
        properties.put("hsm.inbox.dir", inbox.toString());
        properties.put("hsm.inbox.poll-delay-ms", "100");
        properties.put("hsm.inbox.stable-ms", "200");
        gateway = Gateway.start(properties);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (cloudApi != null) {
            cloudApi.stop();
        }
    }

    /** A website whose messages WireMock counts apart (by its phone number id), with the hello template. */
    static DropFolder website(String id) throws Exception {
        gateway.website(id, phoneNumberId(id), "token-" + id);
        gateway.template(id, "hello", HELLO);
        return DropFolder.of(inbox, id);
    }

    static int sent(String websiteId) {
        return cloudApi.countRequestsMatching(postRequestedFor(urlPathEqualTo("/v23.0/" + phoneNumberId(websiteId)
                + "/messages")).build()).getCount();
    }

    /** Cloud API phone number ids are digits: one per website, so each test counts its own messages. */
    static String phoneNumberId(String websiteId) {
        return String.valueOf(1_000_000L + Math.abs(websiteId.hashCode() % 1_000_000));
    }

    @Test
    void csvWithBomSemicolonsAndAQuotedNewlineIsSentRowByRow() throws Exception {
        DropFolder folder = website("csv");
        folder.drop("people.csv", "\uFEFFtemplateId;destination;params.name\r\n"
                + "hello;5491100000001;\"Ana; the first\"\r\n"
                + "hello;5491100000002;\"Bob\nSmith\"\r\n"
                + "\r\n"
                + "hello;+54 9 11 0000-0003;Carla\r\n");

        List<CSVRecord> report = folder.awaitReport("people.csv");

        assertThat(sent("csv")).isEqualTo(3);
        cloudApi.verify(1, postRequestedFor(urlPathEqualTo("/v23.0/" + phoneNumberId("csv") + "/messages"))
                .withRequestBody(containing("Ana; the first")));
        cloudApi.verify(1, postRequestedFor(urlPathEqualTo("/v23.0/" + phoneNumberId("csv") + "/messages"))
                .withRequestBody(containing("Bob\\nSmith")));
        assertThat(report).extracting(r -> r.get("record"), r -> r.get("line"), r -> r.get("destination"),
                        r -> r.get("code"), r -> r.get("statusCode"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("1", "2", "5491100000001", "SUCCESS", "200"),
                        org.assertj.core.groups.Tuple.tuple("2", "3", "5491100000002", "SUCCESS", "200"),
                        org.assertj.core.groups.Tuple.tuple("3", "6", "+54 9 11 0000-0003", "SUCCESS", "200"));
        assertThat(report).allSatisfy(r -> {
            assertThat(r.get("notificationId")).matches("[0-9a-f-]{36}");
            assertThat(r.get("description")).isEqualTo("Resource successfully created");
        });
        assertThat(folder.dir().resolve("people.csv")).doesNotExist();
    }

    @Test
    void jsonArrayAndNdjsonAreSent() throws Exception {
        DropFolder folder = website("json");
        folder.drop("batch.json", """
                [
                  {"templateId":"hello","destination":"5491100000011","params":{"name":"Ana"}},
                  {"templateId":"hello","destination":"5491100000012","params":{"name":"Bob"}}
                ]""");
        folder.drop("lines.ndjson", """
                {"templateId":"hello","destination":"5491100000013","params":{"name":"Carla"}}

                {"templateId":"hello","destination":"5491100000014","params":{"name":"Dan"}}
                """);

        List<CSVRecord> array = folder.awaitReport("batch.json");
        List<CSVRecord> lines = folder.awaitReport("lines.ndjson");

        assertThat(sent("json")).isEqualTo(4);
        assertThat(array).extracting(r -> r.get("line") + ":" + r.get("destination") + ":" + r.get("code"))
                .containsExactly("2:5491100000011:SUCCESS", "3:5491100000012:SUCCESS");
        assertThat(lines).extracting(r -> r.get("line") + ":" + r.get("destination") + ":" + r.get("code"))
                .containsExactly("1:5491100000013:SUCCESS", "3:5491100000014:SUCCESS");
    }

    @Test
    void aBadRecordIsReportedAndTheOthersAreSent() throws Exception {
        DropFolder folder = website("bad-rows");
        folder.drop("mixed.csv", """
                templateId,destination,params.name
                hello,5491100000021,Ana
                hello,not-a-phone,Bob
                hello,5491100000023,Carla
                """);
        folder.drop("mixed.ndjson", """
                {"templateId":"hello","destination":"5491100000024","params":{"name":"Dan"}}
                {"templateId":"hello", this is not json
                """);

        List<CSVRecord> report = folder.awaitReport("mixed.csv");
        List<CSVRecord> lines = folder.awaitReport("mixed.ndjson");

        assertThat(sent("bad-rows")).isEqualTo(3);
        assertThat(report).extracting(r -> r.get("line") + ":" + r.get("destination") + ":" + r.get("code")
                        + ":" + r.get("statusCode"))
                .containsExactly("2:5491100000021:SUCCESS:200", "3:not-a-phone:INVALID_BODY:400",
                        "4:5491100000023:SUCCESS:200");
        assertThat(report.get(1).get("description")).isEqualTo("Invalid body, query or params");
        assertThat(lines).extracting(r -> r.get("line") + ":" + r.get("code"))
                .containsExactly("1:SUCCESS", "2:INVALID_BODY");
    }

    @Test
    void anUnreadableFileMovesToErrorWithTheReason() throws Exception {
        DropFolder folder = website("bad-files");
        folder.drop("latin1.csv", "templateId,destination,params.name\nhello,5491100000031,Jos\u00e9\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        folder.drop("noheader.csv", "hello,5491100000032,Ana\n");
        folder.drop("broken.json", "[{\"templateId\":\"hello\",\"destination\":\"5491100000033\",\"params\":{}},\n{\"templateId\":");
        folder.drop("scalar.json", "42");
        folder.drop("unclosed.csv", "templateId,destination,params.name\nhello,5491100000034,\"Ana\n");

        assertThat(folder.awaitErrorNote("latin1.csv")).contains("not UTF-8");
        assertThat(folder.awaitErrorNote("noheader.csv")).contains("no header row");
        assertThat(folder.awaitErrorNote("broken.json")).contains("not valid JSON");
        assertThat(folder.awaitErrorNote("scalar.json")).contains("not JSON");
        assertThat(folder.awaitErrorNote("unclosed.csv")).contains("not valid CSV");
        assertThat(sent("bad-files")).isZero();
        assertThat(folder.done("latin1.csv.report.csv")).doesNotExist();
    }

    @Test
    void theSameFileDroppedAgainIsReportedAsDuplicateAndNotSent() throws Exception {
        DropFolder folder = website("dup");
        String content = """
                templateId,destination,params.name
                hello,5491100000041,Ana
                hello,bad,Bob
                """;
        folder.drop("once.csv", content);
        Path report = folder.done("once.csv.report.csv");
        assertThat(folder.awaitReport("once.csv")).extracting(r -> r.get("code"))
                .containsExactly("SUCCESS", "INVALID_BODY");
        assertThat(sent("dup")).isEqualTo(1);

        Files.delete(report);
        folder.drop("once.csv", content);

        // the sent record is not sent again; the rejected one is tried again (and rejected again)
        assertThat(folder.awaitReport("once.csv")).extracting(r -> r.get("code"))
                .containsExactly("DUPLICATE", "INVALID_BODY");
        assertThat(sent("dup")).isEqualTo(1);
    }

    @Test
    void aFileIsNotTakenBeforeItHasItsFinalName() throws Exception {
        DropFolder folder = website("partial");
        Path part = folder.dir().resolve("later.csv.part");
        Files.writeString(part, "templateId,destination,params.name\nhello,5491100000051,Ana\n");

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> Files.exists(part) && sent("partial") == 0);

        Files.move(part, folder.dir().resolve("later.csv"));
        assertThat(folder.awaitReport("later.csv")).hasSize(1);
        assertThat(sent("partial")).isEqualTo(1);
    }
}
