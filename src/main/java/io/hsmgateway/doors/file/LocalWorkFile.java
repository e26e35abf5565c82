package io.hsmgateway.doors.file;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The SFTP door's local copy of a remote file (in {@code hsm.sftp.local-work-dir}, with the recipients' numbers and
 * names) is deleted once the file is done, whatever its outcome: reported, refused, or failed and left on the server
 * for the next poll (which downloads it again). Camel would delete it itself at its commit, but only while the
 * exchange still carries {@link Exchange#FILE_LOCAL_WORK_PATH}, and the door replaces every header to write the
 * report back ({@code DropFiles.store}): so the door notes the path first, and deletes it itself.
 */
public final class LocalWorkFile {

    private static final Logger LOG = LoggerFactory.getLogger(LocalWorkFile.class);

    private LocalWorkFile() {
    }

    /** The first step of a door that downloads: a file door reading in place has no work path, and nothing is deleted. */
    public static void deleteWhenDone(Exchange exchange) {
        String workPath = exchange.getMessage().getHeader(Exchange.FILE_LOCAL_WORK_PATH, String.class);
        if (workPath == null) {
            return;
        }
        Path local = Path.of(workPath);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                try {
                    Files.deleteIfExists(local);
                } catch (IOException e) {
                    LOG.warn("Could not delete the local copy {} of a downloaded file: {}", local, e.getMessage());
                }
            }
        });
    }
}
