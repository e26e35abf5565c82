package io.hsmgateway.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who can reach the management port (health with every check's detail, metrics). It listens on loopback by default
 * ({@code hsm.management.host=127.0.0.1}); another address opens it to other machines, and then the gateway starts
 * only with Camel's basic authentication on it ({@code camel.management.authentication-enabled=true} and a users file,
 * {@code camel.management.basic-properties-file}), or with {@code hsm.management.without-credentials=true}, the
 * operator's explicit word that the network itself keeps it private (a container's own interface, published on the
 * host's loopback only), said at start-up in a WARN.
 */
final class ManagementExposure {

    static final String HOST = "hsm.management.host";
    static final String WITHOUT_CREDENTIALS = "hsm.management.without-credentials";
    static final String AUTHENTICATION = "camel.management.authentication-enabled";
    static final String USERS_FILE = "camel.management.basic-properties-file";

    private static final Logger LOG = LoggerFactory.getLogger(ManagementExposure.class);

    private ManagementExposure() {
    }

    static void check(SettingsReader p) {
        String host = p.required(HOST);
        boolean withoutCredentials = p.flag(WITHOUT_CREDENTIALS);
        if (isLoopback(host)) {
            return;
        }
        // Camel main takes its keys in either spelling
        boolean authentication = "true".equalsIgnoreCase(either(p, AUTHENTICATION, "camel.management.authenticationEnabled"));
        String usersFile = either(p, USERS_FILE, "camel.management.basicPropertiesFile");
        if (authentication && !usersFile.isEmpty()) {
            return;
        }
        if (withoutCredentials) {
            LOG.warn("The management port (health, metrics) listens on {} without credentials ({}=true): keep that"
                    + " address private to the network", host, WITHOUT_CREDENTIALS);
            return;
        }
        throw new StartupFailure(HOST + "=" + host + " opens health and metrics to other machines: set "
                + AUTHENTICATION + "=true and " + USERS_FILE + "=<users file> (README: Management port), or "
                + WITHOUT_CREDENTIALS + "=true if the network keeps it private");
    }

    /** Loopback as the server will bind it (a name is resolved as Vert.x would); unresolvable: not loopback. */
    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException unknown) {
            return false;
        }
    }

    private static String either(SettingsReader p, String kebab, String camel) {
        String value = p.text(kebab);
        return value.isEmpty() ? p.text(camel) : value;
    }
}
