package io.hsmgateway.doors.file;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The drop doors' temporary files (a report's lines, an error note), in the JVM's temporary folder, named after the
 * process that made them: {@code hsm-drop-<pid>-<random><suffix>}. A gateway deletes its own once the file is done;
 * one killed mid-file (SIGKILL, a crash, the machine's OOM killer) cannot, so the next start deletes those of
 * processes no longer running. A live process's files are never touched: another gateway on the same machine may be
 * writing them.
 */
final class DropScratch {

    static final String PREFIX = "hsm-drop-";
    private static final Logger LOG = LoggerFactory.getLogger(DropScratch.class);
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-\\d+\\..+");

    private DropScratch() {
    }

    /** A new temporary file of this process. */
    static Path create(String suffix) throws IOException {
        return Files.createTempFile(PREFIX + ProcessHandle.current().pid() + "-", suffix);
    }

    /** Deletes, in the JVM's temporary folder, what processes no longer running left there. */
    static void deleteLeftovers() {
        deleteLeftovers(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** @return how many files were deleted from {@code folder} */
    static int deleteLeftovers(Path folder) {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, PREFIX + "*")) {
            for (Path file : files) {
                Matcher name = NAME.matcher(file.getFileName().toString());
                if (name.matches() && !running(name.group(1)) && Files.deleteIfExists(file)) {
                    deleted++;
                }
            }
        } catch (IOException e) {
            LOG.debug("Could not look for drop files left in {} by gateways no longer running: {}", folder, e.toString());
        }
        if (deleted > 0) {
            LOG.info("Deleted {} temporary drop file(s) left in {} by gateways no longer running", deleted, folder);
        }
        return deleted;
    }

    private static boolean running(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException tooLong) {
            return true; // not a pid of ours: left alone
        }
    }
}
