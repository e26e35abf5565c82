package io.hsmgateway.doors.file;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import io.hsmgateway.pipeline.NotificationPipeline;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.SentTo;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.matching.RequestPatternBuilder.newRequestPattern;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A file's records run side by side (hsm.inbox.parallel-records at a time, here 4) and keep every guarantee of
 * one at a time: the report in record order, one media probe for a link many records share, the per-number
 * throttle. Shown with the Cloud API holding chosen answers (HeldCalls), never with timings.
 */
class ParallelRecordsTest {

    static final int PARALLEL_RECORDS = 4;
    static final String PROMO = """
            {"name":"promo","language":"es_AR","type":"IMAGE","variables":["name"]}""";

    @TempDir
    static Path inbox;
    static HeldCalls held = new HeldCalls(Duration.ofSeconds(20));
    static WireMockServer cloudApi;
    static WireMockServer mediaHost;
    static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        cloudApi = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").extensions(held));
        cloudApi.start();
        cloudApi.stubFor(post(urlPathMatching("/v23.0/.*/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"messages\":[{\"id\":\"wamid.X\"}]}")));
        mediaHost = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        mediaHost.start();
        mediaHost.stubFor(head(urlPathEqualTo("/shared.png")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png").withHeader("Content-Length", "1000")));
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.whatsapp.base-url", "http://127.0.0.1:" + cloudApi.port());
        properties.put("hsm.inbox.dir", inbox.toString());
        properties.put("hsm.inbox.poll-delay-ms", "100");
        properties.put("hsm.inbox.stable-ms", "200");
        properties.put("hsm.inbox.parallel-records", String.valueOf(PARALLEL_RECORDS));
        gateway = Gateway.start(properties);
    }

    @AfterAll
    static void stop() {
        held.release();
        if (gateway != null) {
            gateway.close();
        }
        if (cloudApi != null) {
            cloudApi.stop();
        }
        if (mediaHost != null) {
            mediaHost.stop();
        }
    }

    @Test
    void recordsRunSideBySideButNoMoreThanParallelRecordsAtOnce() throws Exception {
        DropFolder folder = website("side", "3100001", FileDropDoorTest.HELLO, "hello");
        held.hold(body -> body.contains("\"54911310"));
        StringBuilder csv = new StringBuilder("templateId,destination,params.name\n");
        for (int i = 1; i <= 40; i++) {
            csv.append("hello,").append(destination("54911310", i)).append(",Customer ").append(i).append('\n');
        }
        folder.drop("side.csv", csv.toString());

        // one record at a time would have one call out, held, and nothing else until it is answered
        await().atMost(Duration.ofSeconds(15)).until(() -> held.holding() == PARALLEL_RECORDS);
        // and no more than the threads: the file is not read ahead into more calls
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> held.holding() == PARALLEL_RECORDS);
        held.release();

        List<CSVRecord> report = folder.awaitReport("side.csv");
        assertThat(report).extracting(r -> r.get("record")).containsExactlyElementsOf(numbers(40));
        assertThat(report).extracting(r -> r.get("code")).containsOnly("SUCCESS");
        assertThat(sent("3100001")).isEqualTo(40);
        assertThat(held.mostAtOnce()).isEqualTo(PARALLEL_RECORDS);
    }

    @Test
    void recordsSharingOneLinkProbeItOnceAndTheReportKeepsRecordOrder() throws Exception {
        DropFolder folder = website("shared", "3100002", PROMO, "promo");
        String link = mediaHost.baseUrl() + "/shared.png";
        String first = destination("54911320", 1);
        // the first record's call is answered last: every other record finishes before it
        held.hold(body -> body.contains("\"" + first + "\""));
        StringBuilder csv = new StringBuilder("templateId;destination;media.link;params.name\n");
        for (int i = 1; i <= 200; i++) {
            csv.append("promo;").append(destination("54911320", i)).append(';').append(link).append(";Customer ").append(i).append('\n');
        }
        folder.drop("shared.csv", csv.toString());

        await().atMost(Duration.ofSeconds(30)).until(() -> sent("3100002") == 200 && held.holding() == 1);
        held.release();

        List<CSVRecord> report = folder.awaitReport("shared.csv");
        assertThat(report).extracting(r -> r.get("record")).containsExactlyElementsOf(numbers(200));
        assertThat(report).extracting(r -> r.get("destination")).first().isEqualTo(first);
        assertThat(report).extracting(r -> r.get("code")).containsOnly("SUCCESS");
        assertThat(mediaHost.countRequestsMatching(newRequestPattern(RequestMethod.HEAD, urlPathEqualTo("/shared.png"))
                .build()).getCount()).as("HEAD probes of the shared link").isEqualTo(1);
    }

    @Test
    void aNumbersRecordsSideBySideStillKeepToItsThrottle() throws Exception {
        gateway.admin("PUT", "/admin/websites/capped", """
                {"name":"n","phoneNumberId":"3100003","accessToken":"t","throttlePerSecond":5}""");
        gateway.template("capped", "hello", FileDropDoorTest.HELLO);
        DropFolder folder = DropFolder.of(inbox, "capped");
        StringBuilder csv = new StringBuilder("templateId,destination,params.name\n");
        for (int i = 1; i <= 15; i++) {
            csv.append("hello,").append(destination("54911330", i)).append(",Customer ").append(i).append('\n');
        }

        try (SentTo throttle = SentTo.count(gateway.context(), "direct:" + NotificationPipeline.THROTTLE)) {
            long started = System.nanoTime();
            folder.drop("capped.csv", csv.toString());
            List<CSVRecord> report = folder.awaitReport("capped.csv");
            long tookMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(report).extracting(r -> r.get("code")).containsOnly("SUCCESS").hasSize(15);
            assertThat(throttle.exchanges()).as("messages through the per-number throttle").isEqualTo(15);
            // a lower bound: a busy machine only makes it longer
            assertThat(tookMillis).as("15 messages at 5/s, %d records at a time", PARALLEL_RECORDS)
                    .isGreaterThanOrEqualTo(1800);
        }
    }

    static DropFolder website(String id, String phoneNumberId, String template, String templateId) throws Exception {
        gateway.website(id, phoneNumberId, "token-" + id);
        gateway.template(id, templateId, template);
        return DropFolder.of(inbox, id);
    }

    static int sent(String phoneNumberId) {
        return cloudApi.countRequestsMatching(postRequestedFor(urlPathEqualTo("/v23.0/" + phoneNumberId + "/messages"))
                .build()).getCount();
    }

    static String destination(String prefix, int record) {
        return prefix + String.format("%05d", record);
    }

    static List<String> numbers(int records) {
        return IntStream.rangeClosed(1, records).mapToObj(String::valueOf).toList();
    }
}
