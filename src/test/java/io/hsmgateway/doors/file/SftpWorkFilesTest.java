package io.hsmgateway.doors.file;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.Gateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The SFTP door's local copies: every file it downloads into hsm.sftp.local-work-dir (recipients' numbers and names)
 * is gone once the file is done, reported or refused. Before the fix every one of them stayed there for good.
 */
class SftpWorkFilesTest {

    static final int FILES = 6;

    @TempDir
    Path work;
    WireMockServer cloudApi;
    EmbeddedSftpServer sftp;
    Gateway gateway;
    Path served;
    Path localWork;

    @BeforeEach
    void start() throws Exception {
        cloudApi = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        cloudApi.stubFor(post(urlPathMatching("/v23.0/.*/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"messages\":[{\"id\":\"wamid.X\"}]}")));
        served = Files.createDirectories(work.resolve("served"));
        sftp = EmbeddedSftpServer.start(served, work.resolve("hostkey.ser"));
        localWork = work.resolve("sftp-work");
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.whatsapp.base-url", "http://127.0.0.1:" + cloudApi.port());
        properties.put("hsm.inbox.dir", work.resolve("inbox").toString());
        properties.put("hsm.sftp.enabled", "true");
        properties.put("hsm.sftp.host", "127.0.0.1");
        properties.put("hsm.sftp.port", String.valueOf(sftp.port()));
        properties.put("hsm.sftp.username", EmbeddedSftpServer.USER);
        properties.put("hsm.sftp.password", EmbeddedSftpServer.PASSWORD);
        properties.put("hsm.sftp.directory", "inbox");
        properties.put("hsm.sftp.known-hosts-file", sftp.writeKnownHosts(work.resolve("known_hosts")).toString());
        properties.put("hsm.sftp.poll-delay-ms", "200");
        properties.put("hsm.sftp.stable-ms", "200");
        properties.put("hsm.sftp.local-work-dir", localWork.toString());
        gateway = Gateway.start(properties);
        gateway.website("shop", SftpDoorTest.PHONE, "token-shop");
        gateway.template("shop", "hello", FileDropDoorTest.HELLO);
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        sftp.close();
        cloudApi.stop();
    }

    @Test
    void noDownloadedFileStaysInTheLocalWorkDirectory() throws Exception {
        DropFolder folder = DropFolder.of(served.resolve("inbox"), "shop");
        for (int i = 0; i < FILES; i++) {
            folder.drop("people-" + i + ".csv", "templateId,destination,params.name\nhello,54911000008" + (10 + i) + ",Ana\n");
        }
        folder.drop("broken.json", "{\"templateId\":");

        for (int i = 0; i < FILES; i++) {
            assertThat(folder.awaitReport("people-" + i + ".csv")).extracting(r -> r.get("code")).containsExactly("SUCCESS");
        }
        assertThat(folder.awaitErrorNote("broken.json")).contains("not valid JSON");

        // the files were downloaded there (the folder the door made for them exists), and none of them is left
        assertThat(localWork).isDirectory();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(filesIn(localWork)).isEmpty());
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }
}
