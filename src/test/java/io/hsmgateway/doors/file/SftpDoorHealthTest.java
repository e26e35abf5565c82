package io.hsmgateway.doors.file;

import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.Health;
import io.hsmgateway.support.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The SFTP door's health against a real SFTP server (MINA SSHD): UP while it can log in, DOWN with the reason
 * while the server refuses its login or its host key is not the one trusted; readiness follows it, liveness does
 * not (restarting the gateway would not help). Health never shows the door's credentials.
 */
class SftpDoorHealthTest {

    static final String CHECK = "consumer:door-sftp-source";
    static final String WRONG_PASSWORD = "Wr0ng-Pa55w0rd-4f8e";
    static final String PASSPHRASE = "Pa55phrase-9c1d";
    static final Duration POLLS = Duration.ofSeconds(30);

    @TempDir
    Path work;
    EmbeddedSftpServer sftp;
    Gateway gateway;
    Health health;

    @BeforeEach
    void startServer() throws Exception {
        sftp = EmbeddedSftpServer.start(Files.createDirectories(work.resolve("served")), work.resolve("hostkey.ser"));
    }

    void startGateway(String password, Path knownHosts) throws Exception {
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.inbox.dir", work.resolve("inbox").toString());
        properties.put("hsm.sftp.enabled", "true");
        properties.put("hsm.sftp.host", "127.0.0.1");
        properties.put("hsm.sftp.port", String.valueOf(sftp.port()));
        properties.put("hsm.sftp.username", EmbeddedSftpServer.USER);
        properties.put("hsm.sftp.password", password);
        // not used with a password login, but in the door's endpoint: health must not show it either
        properties.put("hsm.sftp.private-key-passphrase", PASSPHRASE);
        properties.put("hsm.sftp.known-hosts-file", knownHosts.toString());
        properties.put("hsm.sftp.poll-delay-ms", "200");
        properties.put("hsm.sftp.local-work-dir", work.resolve("sftp-work").toString());
        gateway = Gateway.start(properties);
        health = Health.of(properties);
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        sftp.close();
    }

    @Test
    void aDoorThatLogsInIsUp() throws Exception {
        startGateway(EmbeddedSftpServer.PASSWORD, sftp.writeKnownHosts(work.resolve("known_hosts")));

        await().atMost(POLLS).until(() -> health.status(Health.ALL) == 200);
        assertThat(health.state(CHECK)).isEqualTo("UP");
        assertThat(health.status(Health.READY)).isEqualTo(200);
    }

    @Test
    void aRefusedLoginIsDownSayingSoWithoutTheCredentials() throws Exception {
        try (LogCapture log = LogCapture.of(PollFailureLog.class)) {
            startGateway(WRONG_PASSWORD, sftp.writeKnownHosts(work.resolve("known_hosts")));

            // a second failed poll: the state holds, and the log said it once
            await().atMost(POLLS).until(() -> health.reason(CHECK).contains("Consumer failed polling 2 times"));
            assertThat(health.state(CHECK)).isEqualTo("DOWN");
            // JSch's words: the server refused every login method offered
            assertThat(health.reason(CHECK)).contains("Cannot connect to sftp:").contains("hsm@127.0.0.1:" + sftp.port())
                    .contains("JSchException: Auth fail");
            assertThat(health.status(Health.ALL)).isEqualTo(503);
            assertThat(health.status(Health.READY)).isEqualTo(503);
            assertThat(health.status(Health.LIVE)).isEqualTo(200);
            assertThat(log.lines()).singleElement().asString().startsWith("WARN").contains("Auth fail")
                    .doesNotContain(WRONG_PASSWORD);
        }
        for (String path : new String[] {Health.EVERYTHING, Health.READY + "?data=true&stackTrace=true", Health.LIVE}) {
            assertThat(health.get(path).body()).as(path)
                    .doesNotContain(WRONG_PASSWORD).doesNotContain(PASSPHRASE).doesNotContain(EmbeddedSftpServer.PASSWORD);
        }
    }

    @Test
    void aHostKeyNotTrustedIsDownNamingItUntilItIsTrusted() throws Exception {
        Path knownHosts = Files.writeString(work.resolve("known_hosts"), "");
        startGateway(EmbeddedSftpServer.PASSWORD, knownHosts);

        await().atMost(POLLS).until(() -> health.state(CHECK).equals("DOWN") && health.reason(CHECK).contains("HostKey"));
        assertThat(health.reason(CHECK)).contains("reject HostKey: [127.0.0.1]:" + sftp.port());
        assertThat(health.status(Health.READY)).isEqualTo(503);
        assertThat(health.status(Health.LIVE)).isEqualTo(200);

        // the operator trusts the key (ssh-keyscan >> known_hosts): the next poll logs in, and the log says so
        try (LogCapture log = LogCapture.of(PollFailureLog.class)) {
            sftp.writeKnownHosts(knownHosts);
            await().atMost(POLLS).until(() -> health.state(CHECK).equals("UP"));
            await().atMost(POLLS).until(() -> health.status(Health.READY) == 200);
            await().atMost(POLLS).until(() -> log.lines().stream().anyMatch(line -> line.startsWith("INFO Door recovered")
                    && line.contains("HostKey")));
        }
    }

    @Test
    void aDisabledDoorIsNotBuiltNorInHealth() throws Exception {
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.inbox.dir", work.resolve("inbox").toString());
        gateway = Gateway.start(properties); // hsm.sftp.enabled=false by default
        health = Health.of(properties);

        assertThat(gateway.context().getRoute("door-sftp")).isNull();
        assertThat(gateway.context().getRoute("door-sftp-source")).isNull();
        await().atMost(POLLS).until(() -> health.status(Health.ALL) == 200);
        assertThat(health.checks(Health.ALL)).extracting(check -> check.path("name").asText())
                .isNotEmpty().noneMatch(name -> name.contains("sftp"));
    }
}
