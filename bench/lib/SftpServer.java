import io.hsmgateway.doors.file.EmbeddedSftpServer;

import java.nio.file.Path;

/**
 * The SFTP door's bench server: the tests' Apache MINA SSHD server (io.hsmgateway.doors.file.EmbeddedSftpServer,
 * password login hsm / s3cret) serving <root> on a free loopback port; writes the known_hosts line that vouches for
 * its host key, prints "ready <port>" and runs until killed. Run with the project's test classpath:
 *   java -cp "$TEST_CP" bench/lib/SftpServer.java <root> <host key file> <known_hosts file>
 */
public class SftpServer {
    public static void main(String[] args) throws Exception {
        EmbeddedSftpServer server = EmbeddedSftpServer.start(Path.of(args[0]), Path.of(args[1]));
        server.writeKnownHosts(Path.of(args[2]));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception ignored) {
                // exiting anyway
            }
        }));
        System.out.println("ready " + server.port());
        Thread.currentThread().join();
    }
}
