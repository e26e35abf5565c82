package io.hsmgateway.doors.file;

import com.jcraft.jsch.JSchException;
import io.hsmgateway.support.LogCapture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reported gap: a second SFTP outage within the hour left no line in the log (the reason was still in the
 * once-an-hour memory), and no line said when the door recovered.
 */
class PollFailureLogTest {

    private final PollFailureLog log = new PollFailureLog();

    @Test
    void everyOutageIsLoggedOnceAndItsEndToo() {
        try (LogCapture lines = LogCapture.of(PollFailureLog.class)) {
            fail();
            fail();   // the same outage: nothing more
            log.commit(null, null, 0);
            log.commit(null, null, 0);   // still working: nothing more
            fail();   // a second outage within the hour
            log.commit(null, null, 2);

            assertThat(lines.lines()).hasSize(4);
            assertThat(lines.lines().get(0)).startsWith("WARN Door failure").contains("Auth fail");
            assertThat(lines.lines().get(1)).startsWith("INFO Door recovered: a poll succeeded again, after failing since ")
                    .contains("Auth fail");
            assertThat(lines.lines().get(2)).startsWith("WARN Door failure").contains("Auth fail");
            assertThat(lines.lines().get(3)).startsWith("INFO Door recovered");
        }
    }

    private void fail() {
        log.handleException("Failed polling endpoint", new JSchException("Auth fail for methods 'password'"));
    }
}
