package io.hsmgateway.doors.file;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test SFTP server itself: it lists what is in its folders whether its root was given as an absolute path or,
 * as ThreeNodesTest gives it, relative to the working directory (MINA SSHD answers "No such file or directory"
 * to listing a folder that is not empty under a relative root).
 */
class EmbeddedSftpServerTest {

    @TempDir
    Path work;

    @Test
    void aRootGivenAsARelativePathIsListed() throws Exception {
        Path target = Files.createDirectories(Path.of("target"));
        Path dir = Path.of("").toAbsolutePath().relativize(Files.createTempDirectory(target.toAbsolutePath(), "sftp-root"));
        try {
            assertThat(dir).isRelative();
            listsWhatIsInItsFolders(dir);
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aRootGivenAsAnAbsolutePathIsListed() throws Exception {
        listsWhatIsInItsFolders(Files.createDirectories(work.resolve("served")));
    }

    private void listsWhatIsInItsFolders(Path root) throws Exception {
        Files.writeString(Files.createDirectories(root.resolve("inbox").resolve("shop")).resolve("a.csv"), "x\n");
        try (EmbeddedSftpServer sftp = EmbeddedSftpServer.start(root, work.resolve("hostkey.ser"))) {
            Session session = new JSch().getSession(EmbeddedSftpServer.USER, "127.0.0.1", sftp.port());
            session.setPassword(EmbeddedSftpServer.PASSWORD);
            session.setConfig("StrictHostKeyChecking", "no");
            session.connect(10_000);
            try {
                ChannelSftp channel = (ChannelSftp) session.openChannel("sftp");
                channel.connect(10_000);
                assertThat(names(channel, "/")).contains("inbox");
                assertThat(names(channel, "inbox")).contains("shop");
                channel.cd("inbox/shop");
                assertThat(names(channel, ".")).contains("a.csv");
            } finally {
                session.disconnect();
            }
        }
    }

    private static List<String> names(ChannelSftp channel, String path) throws Exception {
        return channel.ls(path).stream().map(ChannelSftp.LsEntry::getFilename).toList();
    }
}
