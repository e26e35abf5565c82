package io.hsmgateway.doors.file;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.storage.GroupCommit;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.LogCapture;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
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

    /** Smaller than the default, so that a test file can be over it. */
    static final int MAX_FILE_BYTES = 2_000_000;
    static final String HELLO = """
            {"name":"hello","language":"es_AR","type":"TEXT","variables":["name"]}""";

    @TempDir
    static Path inbox;
    /** Files outside the inbox a link in it may point at. */
    @TempDir
    static Path outside;
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
        properties.put("hsm.inbox.max-file-bytes", String.valueOf(MAX_FILE_BYTES));
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
    void csvWithBomSemicolonsAndAQuotedNewlineIsReadRowByRow() throws Exception {
        DropFolder folder = website("csv");
        folder.drop("people.csv", "\uFEFFtemplateId;destination;params.name\r\n"
                + "hello;5491100000001;\"Ana; the first\"\r\n"
                + "hello;5491100000002;\"Bob\nSmith\"\r\n"
                + "\r\n"
                + "hello;+54 9 11 0000-0003;Carla\r\n");

        List<CSVRecord> report = folder.awaitReport("people.csv");

        // the quoted newline is read as one record (the next one's line stays right); a new line in a template
        // parameter is then refused before the call, as Meta would refuse it (132018)
        assertThat(sent("csv")).isEqualTo(2);
        cloudApi.verify(1, postRequestedFor(urlPathEqualTo("/v23.0/" + phoneNumberId("csv") + "/messages"))
                .withRequestBody(containing("Ana; the first")));
        assertThat(report).extracting(r -> r.get("record"), r -> r.get("line"), r -> r.get("destination"),
                        r -> r.get("code"), r -> r.get("statusCode"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("1", "2", "5491100000001", "SUCCESS", "200"),
                        org.assertj.core.groups.Tuple.tuple("2", "3", "5491100000002", "INVALID_BODY", "400"),
                        org.assertj.core.groups.Tuple.tuple("3", "6", "+54 9 11 0000-0003", "SUCCESS", "200"));
        assertThat(List.of(report.get(0), report.get(2))).allSatisfy(r -> {
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
        assertThat(report.get(1).get("description")).isEqualTo("Invalid body, query or params: "
                + "\"destination\" with value \"not-a-phone\" fails to match the phone number pattern");
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

    /**
     * A record's durable writes: its key claimed, its notification handed over, then its outcome, its stored answer
     * and its ledger entry in one write (issue 23). Five writes each before.
     */
    @Test
    void aRecordCostsThreeDurableWrites() throws Exception {
        DropFolder folder = website("writes");
        int records = 40;
        StringBuilder csv = new StringBuilder("templateId,destination,params.name\n");
        for (int i = 0; i < records; i++) {
            csv.append("hello,54911000").append(String.format("%05d", i)).append(",Ana\n");
        }
        GroupCommit commits = gateway.context().getRegistry().lookupByNameAndType(GroupCommit.BEAN_NAME, GroupCommit.class);
        long before = commits.writesCommitted();

        folder.drop("writes.csv", csv.toString());
        assertThat(folder.awaitReport("writes.csv")).hasSize(records).allSatisfy(r -> assertThat(r.get("code")).isEqualTo("SUCCESS"));

        // a few more for the file itself (its lock is not one of them: another repository) at most
        assertThat(commits.writesCommitted() - before).isBetween(3L * records, 3L * records + 5);
        assertThat(sent("writes")).isEqualTo(records);
    }

    /**
     * Records queued before any call (their website paused: its WhatsApp account failed) may yet be sent, by the
     * retry worker: they are in the ledger with their outcome, so the same file dropped again is DUPLICATE, naming
     * the queued notifications, and nothing is queued a second time.
     */
    @Test
    void recordsQueuedBeforeAnyCallAreNotQueuedTwiceWhenTheFileIsDroppedAgain() throws Exception {
        DropFolder folder = website("held");
        cloudApi.stubFor(post(urlPathEqualTo("/v23.0/" + phoneNumberId("held") + "/messages")).willReturn(aResponse()
                .withStatus(400).withBody("{\"error\":{\"code\":131031,\"message\":\"Account has been locked\"}}")));
        folder.drop("first.csv", "templateId,destination,params.name\nhello,5491100000051,Ana\n");
        assertThat(folder.awaitReport("first.csv")).extracting(r -> r.get("code")).containsExactly("QUEUED");
        String held = """
                templateId,destination,params.name
                hello,5491100000052,Bob
                hello,5491100000053,Carla
                """;

        folder.drop("held.csv", held);
        List<CSVRecord> queued = folder.awaitReport("held.csv");
        folder.drop("held.csv", held);
        List<CSVRecord> again = folder.awaitReport("held.csv", 2);

        assertThat(sent("held")).as("the call that paused the website, only").isEqualTo(1);
        assertThat(queued).extracting(r -> r.get("code")).containsExactly("QUEUED", "QUEUED");
        assertThat(again).extracting(r -> r.get("code")).containsExactly("DUPLICATE", "DUPLICATE");
        assertThat(again).extracting(r -> r.get("notificationId"))
                .containsExactlyElementsOf(queued.stream().map(r -> r.get("notificationId")).toList());
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
        assertThat(folder.awaitReport("once.csv")).extracting(r -> r.get("code"))
                .containsExactly("SUCCESS", "INVALID_BODY");
        assertThat(sent("dup")).isEqualTo(1);

        folder.drop("once.csv", content);

        // the sent record is not sent again; the rejected one is tried again (and rejected again)
        assertThat(folder.awaitReport("once.csv", 2)).extracting(r -> r.get("code"))
                .containsExactly("DUPLICATE", "INVALID_BODY");
        assertThat(sent("dup")).isEqualTo(1);
    }

    @Test
    void aFileDroppedTwiceKeepsBothReportsAndTheDuplicatesNameTheFirstNotifications() throws Exception {
        DropFolder folder = website("twice");
        String content = """
                templateId,destination,params.name
                hello,5491100000051,Ana
                hello,5491100000052,Bob
                """;
        folder.drop("twice.csv", content);
        List<CSVRecord> first = folder.awaitReport("twice.csv", 1);
        assertThat(first).extracting(r -> r.get("code")).containsExactly("SUCCESS", "SUCCESS");
        List<String> sentIds = first.stream().map(r -> r.get("notificationId")).toList();
        assertThat(sentIds).allSatisfy(id -> assertThat(id).isNotBlank());
        String firstReport = Files.readString(folder.done("twice.csv.report.csv"));

        folder.drop("twice.csv", content);
        List<CSVRecord> second = folder.awaitReport("twice.csv", 2);

        // the first report is kept as it was; the second is a report of its own next to it
        assertThat(Files.readString(folder.done("twice.csv.report.csv"))).isEqualTo(firstReport);
        assertThat(second).extracting(r -> r.get("code")).containsExactly("DUPLICATE", "DUPLICATE");
        assertThat(second).extracting(r -> r.get("description"))
                .containsOnly("Already taken from this file or an identical one; not sent again.");
        // each duplicate names the notification sent the first time
        assertThat(second).extracting(r -> r.get("notificationId")).containsExactlyElementsOf(sentIds);
        assertThat(sent("twice")).isEqualTo(2);
        // both processed files are kept in .done/: the second never overwrote the first
        assertThat(Files.readString(folder.done("twice.csv"))).isEqualTo(content);
        assertThat(Files.readString(folder.done("twice.csv.2"))).isEqualTo(content);

        // another file under the same name (another content: other records): a third drop, numbered after the others
        String other = content.replace("Bob", "Carla");
        folder.drop("twice.csv", other);
        assertThat(folder.awaitReport("twice.csv", 3)).extracting(r -> r.get("code")).containsExactly("SUCCESS", "SUCCESS");
        assertThat(Files.readString(folder.done("twice.csv.3"))).isEqualTo(other);
        assertThat(Files.readString(folder.done("twice.csv.report.csv"))).isEqualTo(firstReport);
        assertThat(sent("twice")).isEqualTo(4);
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

    // --- issue 8: edge cases a dropper (careless or hostile) can produce -------------------------------

    @Test
    void aLinkOrAPipeIsNeverOpenedAndIsLeftWhereItIs() throws Exception {
        DropFolder folder = website("links");
        website("via-link");
        Path secret = Files.writeString(outside.resolve("secret.csv"), "SECRET-FIRST-LINE,root:x:0:0\nsecond\n");
        Path elsewhere = Files.createDirectories(outside.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("people.csv"), "templateId,destination,params.name\nhello,5491100000071,Ana\n");
        Path pipe = folder.dir().resolve("pipe.csv"); // opening it would block the door until someone writes

        try (LogCapture warnings = LogCapture.of(DropEntryFilter.class)) {
            Files.createSymbolicLink(folder.dir().resolve("linked.csv"), secret);
            assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
            // a website's whole folder as a link to files elsewhere
            Files.delete(inbox.resolve("via-link"));
            Files.createSymbolicLink(inbox.resolve("via-link"), elsewhere);

            // a file dropped after them is still taken: the door did not get stuck on the pipe
            folder.drop("after.csv", "templateId,destination,params.name\nhello,5491100000072,Ana\n");
            assertThat(folder.awaitReport("after.csv")).extracting(r -> r.get("code")).containsExactly("SUCCESS");
            await().atMost(Duration.ofSeconds(10)).until(() -> warnings.lines().size() >= 3);

            assertThat(warnings.lines()).allSatisfy(line -> assertThat(line).doesNotContain("SECRET"));
            assertThat(warnings.lines()).anySatisfy(line -> assertThat(line).contains("links/linked.csv").contains("symbolic link"));
            assertThat(warnings.lines()).anySatisfy(line -> assertThat(line).contains("links/pipe.csv").contains("not a regular file"));
            assertThat(warnings.lines()).anySatisfy(line -> assertThat(line).contains("via-link").contains("symbolic link"));
        }
        assertThat(folder.dir().resolve("linked.csv")).isSymbolicLink();
        assertThat(pipe).exists();
        assertThat(folder.dir().resolve(".error")).doesNotExist();
        assertThat(folder.done("linked.csv.report.csv")).doesNotExist();
        assertThat(Files.readString(secret)).startsWith("SECRET-FIRST-LINE");
        assertThat(elsewhere.resolve("people.csv")).exists();
        assertThat(elsewhere.resolve(".done")).doesNotExist();
        assertThat(sent("links")).isEqualTo(1);
        assertThat(sent("via-link")).isZero();
    }

    @Test
    void aJsonFileThatIsNotJsonGetsANoteWithLineAndColumn() throws Exception {
        DropFolder folder = website("not-json");
        folder.drop("words.json", "this is not JSON\n");
        folder.drop("value.json", "[\n  {\"templateId\": \"hello\", \"destination\": nope}\n]\n");
        folder.drop("two.json", "{\"templateId\": \"hello\"}\n{\"templateId\": \"hello\"}\n");

        assertThat(folder.awaitErrorNote("words.json")).contains("not valid JSON at line 1, column ");
        assertThat(folder.awaitErrorNote("value.json")).contains("not valid JSON at line 2, column ");
        assertThat(folder.awaitErrorNote("two.json")).contains("not valid JSON at line 2, column ")
                .contains("more after the request object");
        assertThat(sent("not-json")).isZero();
    }

    @Test
    void anEmptyFileIsRefusedOnceWithANote() throws Exception {
        DropFolder folder = website("empty");
        folder.drop("nothing.csv", new byte[0]);

        assertThat(folder.awaitErrorNote("nothing.csv")).contains("the file is empty");
        assertThat(folder.dir().resolve("nothing.csv")).doesNotExist();
        assertThat(folder.dir().resolve("nothing.csv.camelLock")).doesNotExist();
    }

    @Test
    void anUnterminatedQuoteIsRefusedAtTheLineItOpensWithoutReadingTheRestIntoMemory() throws Exception {
        DropFolder folder = website("unterminated");
        StringBuilder csv = new StringBuilder("templateId,destination,params.name\nhello,5491100000081,Ana\n")
                .append("hello,5491100000082,\"Bob\n");
        for (int i = 0; i < 20_000; i++) {
            csv.append("hello,54911").append(String.format("%08d", i)).append(",Someone else\n");
        }
        folder.drop("open.csv", csv.toString());
        folder.drop("long.ndjson", "{\"templateId\":\"hello\",\"destination\":\"5491100000083\",\"params\":{\"name\":\"Ana\"}}\n"
                + "{\"templateId\":\"hello\",\"destination\":\"5491100000084\",\"params\":{\"name\":\""
                + "x".repeat(200_000) + "\"}}\n");
        folder.drop("big.json", "[\n{\"templateId\":\"hello\",\"destination\":\"5491100000085\",\"params\":{\"name\":\"Ana\"}},\n"
                + "{\"templateId\":\"hello\",\"destination\":\"5491100000086\",\"params\":{\"name\":\""
                + "x".repeat(200_000) + "\"}}\n]");

        assertThat(folder.awaitErrorNote("open.csv")).contains("record 2").contains("line 3")
                .contains("65536 bytes").contains("hsm.request.max-bytes");
        assertThat(folder.awaitErrorNote("long.ndjson")).contains("record 2").contains("line 2").contains("65536 bytes");
        assertThat(folder.awaitErrorNote("big.json")).contains("record 2").contains("line 3").contains("65536 bytes");
        assertThat(sent("unterminated")).isZero();

        // a record just within the limit is read, whatever the parser buffered around it, and answered by the
        // pipeline like a REST request of that size (a parameter over 1024 characters: INVALID_BODY)
        DropFolder near = website("near-limit");
        String name = "y".repeat(60_000);
        near.drop("near.csv", "templateId,destination,params.name\nhello,5491100000087,\"" + name + "\"\n"
                + "hello,5491100000088,Ana\n");
        near.drop("near.ndjson", "{\"templateId\":\"hello\",\"destination\":\"5491100000089\",\"params\":{\"name\":\""
                + name + "\"}}\n{\"templateId\":\"hello\",\"destination\":\"5491100000090\",\"params\":{\"name\":\"Ana\"}}\n");
        assertThat(near.awaitReport("near.csv")).extracting(r -> r.get("code")).containsExactly("INVALID_BODY", "SUCCESS");
        assertThat(near.awaitReport("near.ndjson")).extracting(r -> r.get("code")).containsExactly("INVALID_BODY", "SUCCESS");
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedBeforeItIsRead() throws Exception {
        DropFolder folder = website("huge");
        StringBuilder csv = new StringBuilder("templateId,destination,params.name\n");
        while (csv.length() <= MAX_FILE_BYTES) {
            csv.append("hello,5491100000088,Ana\n");
        }
        folder.drop("huge.csv", csv.toString());

        assertThat(folder.awaitErrorNote("huge.csv")).contains("more than " + MAX_FILE_BYTES)
                .contains("hsm.inbox.max-file-bytes");
        assertThat(sent("huge")).isZero();
    }

    @Test
    void anErrorNoteQuotesOnlyAShortExcerptOfTheFile() throws Exception {
        DropFolder folder = website("excerpt");
        StringBuilder header = new StringBuilder("templateId,destination");
        for (int i = 0; i < 2_000; i++) {
            header.append(",column").append(i);
        }
        folder.drop("wide.csv", header + "\nhello,5491100000091\n");
        folder.drop("noheader.csv", "x".repeat(20_000) + "\n");

        assertThat(folder.awaitErrorNote("wide.csv")).contains("unknown column").contains("column0").hasSizeLessThan(600);
        assertThat(folder.awaitErrorNote("noheader.csv")).contains("no header row").hasSizeLessThan(600);
    }

    @Test
    void aFolderThatIsNoWebsiteIsAnsweredUnauthorizedLikeTheRestDoor() throws Exception {
        String tooLong = "w".repeat(65);
        List<DropFolder> folders = List.of(DropFolder.of(inbox, tooLong), DropFolder.of(inbox, "v".repeat(200)),
                DropFolder.of(inbox, "no-such-website"));
        for (DropFolder folder : folders) {
            folder.drop("people.csv", "templateId,destination,params.name\nhello,5491100000095,Ana\n");
        }

        HttpResponse<String> rest = gateway.notify(tooLong, "hsm_whatever", "{}");
        assertThat(rest.statusCode()).isEqualTo(401);
        assertThat(Gateway.json(rest).get("code").asText()).isEqualTo("UNAUTHORIZED");
        for (DropFolder folder : folders) {
            assertThat(folder.awaitReport("people.csv"))
                    .extracting(r -> r.get("code") + ":" + r.get("statusCode") + ":" + r.get("description"))
                    .containsExactly("UNAUTHORIZED:401:Invalid ApiKey");
        }
    }
}
