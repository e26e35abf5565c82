package io.hsmgateway.doors.file;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Apache MINA SSHD serving {@code root} (relative or absolute) over SFTP on a random loopback port, password auth. Counts the SSH
 * sessions clients open and the password logins they attempt: a client that refuses the host key opens a
 * session and hangs up during the key exchange, before any login.
 */
public final class EmbeddedSftpServer implements AutoCloseable {

    public static final String USER = "hsm";
    public static final String PASSWORD = "s3cret";

    private final SshServer server;
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicBoolean refuseDirectories = new AtomicBoolean();

    private EmbeddedSftpServer(SshServer server) {
        this.server = server;
    }

    public static EmbeddedSftpServer start(Path root, Path hostKey) throws IOException {
        SshServer server = SshServer.setUpDefaultServer();
        EmbeddedSftpServer sftp = new EmbeddedSftpServer(server);
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(hostKey));
        server.setPasswordAuthenticator((user, password, session) -> {
            sftp.logins.incrementAndGet();
            return USER.equals(user) && PASSWORD.equals(password);
        });
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                sftp.sessions.incrementAndGet();
            }
        });
        SftpSubsystemFactory subsystem = new SftpSubsystemFactory();
        subsystem.addSftpEventListener(new SftpEventListener() {
            @Override
            public void creating(ServerSession session, Path path, Map<String, ?> attrs) throws IOException {
                if (sftp.refuseDirectories.get()) {
                    throw new AccessDeniedException(path.toString(), null, "creating directories is refused");
                }
            }
        });
        server.setSubsystemFactories(List.of(subsystem));
        // an absolute root: MINA SSHD (2.17.1) serving a relative one (target/x/sftp-root, as a test's temporary
        // folder under target/ is) answers every READDIR of a folder that is not empty with "No such file or
        // directory" (it cannot resolve the entries' attributes), while cd and stat work: a door polling it fails
        // every poll with "Cannot list directory: ." and never takes a file (EmbeddedSftpServerTest)
        server.setFileSystemFactory(new VirtualFileSystemFactory(root.toAbsolutePath()));
        server.start();
        return sftp;
    }

    public int port() {
        return server.getPort();
    }

    /** SSH sessions (TCP connections that spoke SSH) clients have opened so far. */
    int sessions() {
        return sessions.get();
    }

    /** Password logins attempted so far, right or wrong. */
    int logins() {
        return logins.get();
    }

    /**
     * Whether clients may create directories (as a server whose root the login may not write to, a chroot say):
     * a client's mkdir fails while refused; the test itself still creates them on disk.
     */
    void refuseDirectories(boolean refused) {
        refuseDirectories.set(refused);
    }

    /** The known_hosts line that vouches for this server's host key. */
    String knownHostsLine() throws Exception {
        KeyPair key = server.getKeyPairProvider().loadKeys(null).iterator().next();
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(key.getPublic());
    }

    public Path writeKnownHosts(Path file) throws Exception {
        return Files.writeString(file, knownHostsLine() + "\n");
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
