package io.hsmgateway.storage;

import io.hsmgateway.config.StartupFailure;
import io.hsmgateway.support.Gateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reported gap: a second gateway on the same data waited forever for the embedded broker's lock ("AMQ221034:
 * Waiting indefinitely to obtain primary lock"). It fails at once, naming the folder; once the first stops, the
 * folder is free again. (StartupFailuresTest has the same with two processes: one ERROR line, exit 1.)
 */
class DataFolderInUseTest {

    @TempDir
    Path dir;

    @Test
    void aSecondGatewayOnTheSameBrokerJournalFailsAtOnceNamingTheFolder() throws Exception {
        Map<String, String> first = Gateway.defaults();
        first.put("hsm.jms.data-dir", dir.resolve("broker").toString());
        Map<String, String> second = Gateway.defaults();
        second.put("hsm.jms.data-dir", dir.resolve("broker").toString());
        try (Gateway running = Gateway.start(first)) {
            long started = System.nanoTime();
            assertThat(startupFailure(() -> Gateway.start(second).close())).hasMessage(dir.resolve("broker").toAbsolutePath() + " is in use by another gateway process"
                            + " (the embedded broker's journal (hsm.jms.data-dir), locked in gateway.lock): stop that"
                            + " process, or give this one a folder of its own");
            assertThat((System.nanoTime() - started) / 1_000_000_000).as("seconds to fail").isLessThan(30);
        }
        Gateway.start(second).close();   // the first one's lock went with it
    }

    @Test
    void aSecondGatewayOnTheSameH2FileFailsAtOnceNamingTheFolder() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("hsm") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0";
        Map<String, String> first = Gateway.defaults();
        first.put("hsm.db.url", url);
        first.put("hsm.jms.enabled", "false");
        Map<String, String> second = Gateway.defaults();
        second.put("hsm.db.url", url);
        second.put("hsm.jms.enabled", "false");
        second.put("hsm.secrets.key", first.get("hsm.secrets.key"));
        try (Gateway running = Gateway.start(first)) {
            assertThat(startupFailure(() -> Gateway.start(second).close())).hasMessageStartingWith(dir.toAbsolutePath() + " is in use by another gateway process"
                            + " (the H2 database (hsm.db.url), locked in hsm.gateway.lock)");
        }
        Gateway.start(second).close();
    }

    /** The StartupFailure the start-up ended with, thrown as is or as the cause of Camel's exception. */
    private static StartupFailure startupFailure(org.assertj.core.api.ThrowableAssert.ThrowingCallable start) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(start);
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof StartupFailure failure) {
                return failure;
            }
        }
        throw new AssertionError("no StartupFailure", thrown);
    }
}
