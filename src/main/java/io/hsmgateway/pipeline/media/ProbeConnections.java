package io.hsmgateway.pipeline.media;

import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.util.Timeout;

import java.time.Duration;

/**
 * The media probe's connections: hosts resolved by {@link PublicAddressDnsResolver} (unless private hosts are
 * allowed), and answers of bounded size. HttpClient reads header lines without limit by default, so a host
 * streaming header lines would fill the heap; past these limits it throws a {@code MessageConstraintException}
 * and the link is refused.
 */
public final class ProbeConnections {

    /** Longest line (status line or header) a media host may answer with; servers commonly allow 8 KB. */
    public static final int MAX_LINE_LENGTH = 8 * 1024;
    /** Most header lines one answer may have; real media hosts send a few dozen at most. */
    public static final int MAX_HEADER_COUNT = 100;

    private ProbeConnections() {
    }

    public static PoolingHttpClientConnectionManager create(boolean allowPrivateHosts, Duration timeout) {
        Timeout eachStep = Timeout.of(timeout);
        return PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(allowPrivateHosts ? SystemDefaultDnsResolver.INSTANCE : new PublicAddressDnsResolver())
                .setTlsSocketStrategy(new TlsAtFirstUse())
                .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                        .http1Config(Http1Config.custom()
                                .setMaxLineLength(MAX_LINE_LENGTH)
                                .setMaxHeaderCount(MAX_HEADER_COUNT)
                                .build())
                        .build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(eachStep)
                        .setSocketTimeout(eachStep)
                        .build())
                .setMaxConnTotal(200)
                .setMaxConnPerRoute(20)
                .build();
    }
}
