package io.hsmgateway.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.support.service.ServiceSupport;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link ClusterNotices} on the database every node shares: {@code pg_notify} to tell, {@code LISTEN} on a connection of
 * its own to hear, within milliseconds. A notice is sent after the change it announces has committed, so whoever hears
 * it reads the new rows. One channel per schema ({@code hsm_notices_<schema>}): gateways on other schemas of the same
 * database (tests, a staging copy) never hear each other. camel-pgevent would do the listening but needs a second
 * PostgreSQL driver (pgjdbc-ng); pgjdbc's own {@link PGConnection#getNotifications(int)} is all this needs.
 * <p>
 * The listening connection is checked every {@value #CHECK_EVERY_MS} ms (a server gone without a word would otherwise
 * leave it waiting forever); when it is lost, it is opened again every {@value #RECONNECT_MS} ms, with one WARN per
 * outage, and once listening again every listener forgets what it cached, since notices said meanwhile are lost.
 */
public class PostgresNotices extends ServiceSupport implements ClusterNotices {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresNotices.class);
    static final int WAIT_MS = 500;
    static final long CHECK_EVERY_MS = 5_000;
    static final long RECONNECT_MS = 1_000;
    private static final int CONNECT_TIMEOUT_SECONDS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final Properties credentials = new Properties();
    private final JdbcTemplate jdbc;
    /** This process: a node does not act on what it said itself (it has already). */
    private final String node = UUID.randomUUID().toString();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile String channel;
    private volatile boolean running;
    private volatile boolean listening;
    private Thread listener;

    public PostgresNotices(DataSource dataSource, String url, String user, String password) {
        this.url = url;
        this.jdbc = new JdbcTemplate(dataSource);
        credentials.setProperty("user", user);
        credentials.setProperty("password", password == null ? "" : password);
        credentials.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        credentials.setProperty("tcpKeepAlive", "true");
    }

    @Override
    public void tell(Notice notice) {
        List<String> message = new ArrayList<>();
        message.add(node);
        message.add(notice.kind());
        message.addAll(notice.values());
        try {
            jdbc.queryForObject("SELECT pg_notify(?, ?) IS NULL", Boolean.class, channel, JSON.writeValueAsString(message));
        } catch (RuntimeException | JsonProcessingException e) {
            LOG.warn("Could not tell the other nodes that {} changed ({}): they see it within hsm.cache.ttl-ms",
                    notice.kind(), e.getMessage());
        }
    }

    @Override
    public void listen(Listener listener) {
        listeners.add(listener);
    }

    /** True once the listening connection is up (and until it is lost). */
    public boolean listening() {
        return listening;
    }

    @Override
    protected void doStart() {
        channel = channelOf(jdbc.queryForObject("SELECT current_schema()", String.class));
        // what an operator sees in pg_stat_activity for this session
        credentials.setProperty("ApplicationName", applicationName(channel));
        running = true;
        listener = new Thread(this::listenUntilStopped, "cluster-notices");
        listener.setDaemon(true);
        listener.start();
    }

    @Override
    protected void doStop() throws InterruptedException {
        running = false;
        if (listener != null) {
            listener.join(WAIT_MS * 4L);
        }
    }

    /** The listening session's application_name: the channel it listens on. */
    public static String applicationName(String channel) {
        return "hsm-gateway " + channel;
    }

    public static String channelOf(String schema) {
        String name = "hsm_notices_" + (schema == null ? "" : schema.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_"));
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    private void listenUntilStopped() {
        boolean outage = false;
        while (running) {
            try (Connection connection = DriverManager.getConnection(url, credentials)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN \"" + channel + "\"");
                }
                listening = true;
                if (outage) {
                    LOG.info("Hearing the other nodes again (channel {})", channel);
                    outage = false;
                }
                listeners.forEach(Listener::mayHaveMissed);
                hearUntilLost(connection);
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (running && !outage) {
                    LOG.warn("Not hearing the other nodes' changes ({}): trying again every {} ms; meanwhile what this "
                            + "node cached is used for at most hsm.cache.ttl-ms", e.getMessage(), RECONNECT_MS);
                    outage = true;
                }
                pause();
            }
        }
        listening = false;
    }

    private void hearUntilLost(Connection connection) throws SQLException {
        PGConnection notifications = connection.unwrap(PGConnection.class);
        long checkedAt = System.currentTimeMillis();
        while (running) {
            PGNotification[] heard = notifications.getNotifications(WAIT_MS);
            if (heard != null) {
                for (PGNotification notification : heard) {
                    deliver(notification.getParameter());
                }
            }
            if (System.currentTimeMillis() - checkedAt > CHECK_EVERY_MS) {
                if (!connection.isValid(CONNECT_TIMEOUT_SECONDS)) {
                    throw new SQLException("the listening connection stopped answering");
                }
                checkedAt = System.currentTimeMillis();
            }
        }
    }

    private void deliver(String payload) {
        List<String> message;
        try {
            message = JSON.readValue(payload, new TypeReference<>() {
            });
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("Ignored a notice that is not one of the gateway's: {}", e.getMessage());
            return;
        }
        if (message.size() < 2 || node.equals(message.get(0))) {
            return;
        }
        Notice notice = new Notice(message.get(1), List.copyOf(message.subList(2, message.size())));
        for (Listener each : listeners) {
            try {
                each.heard(notice);
            } catch (RuntimeException e) {
                LOG.warn("A notice ({}) could not be applied: {}", notice.kind(), e.getMessage());
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RECONNECT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
