package io.hsmgateway.doors;

import io.vertx.core.net.SocketAddress;
import org.apache.camel.Header;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;

/** The address an HTTP caller connects from (Vert.x gives it per request): wrong API keys are counted by it. */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(@Header(VertxPlatformHttpConstants.REMOTE_ADDRESS) SocketAddress remote) {
        return remote == null ? null : remote.hostAddress();
    }
}
