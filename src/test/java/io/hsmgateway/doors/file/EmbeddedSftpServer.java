package io.hsmgateway.doors.file;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

/** Apache MINA SSHD serving {@code root} over SFTP on a random loopback port, password auth. */
final class EmbeddedSftpServer implements AutoCloseable {

    static final String USER = "hsm";
    static final String PASSWORD = "s3cret";

    private final SshServer server;

    private EmbeddedSftpServer(SshServer server) {
        this.server = server;
    }

    static EmbeddedSftpServer start(Path root, Path hostKey) throws IOException {
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(hostKey));
        server.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.start();
        return new EmbeddedSftpServer(server);
    }

    int port() {
        return server.getPort();
    }

    /** The known_hosts line that vouches for this server's host key. */
    String knownHostsLine() throws Exception {
        KeyPair key = server.getKeyPairProvider().loadKeys(null).iterator().next();
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(key.getPublic());
    }

    Path writeKnownHosts(Path file) throws Exception {
        return Files.writeString(file, knownHostsLine() + "\n");
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
