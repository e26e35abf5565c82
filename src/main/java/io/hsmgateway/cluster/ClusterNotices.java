package io.hsmgateway.cluster;

import java.util.List;

/**
 * What one node tells every other node at once: that something they may cache has changed (a key revoked, a token or
 * template changed, a website paused) or that WhatsApp asked to slow down. On PostgreSQL this is NOTIFY/LISTEN
 * ({@link PostgresNotices}); a node alone on its embedded H2 has nobody to tell ({@link #SINGLE_NODE}). Notices are a
 * fast path only: what is cached still expires ({@code hsm.cache.ttl-ms}), so a notice that never arrives costs time,
 * never correctness for longer than that.
 */
public interface ClusterNotices {

    String BEAN_NAME = "clusterNotices";

    /** Alone: nothing to tell, nothing to hear. */
    ClusterNotices SINGLE_NODE = new ClusterNotices() {
        @Override
        public void tell(Notice notice) {
        }

        @Override
        public void listen(Listener listener) {
        }
    };

    /** A kind (what changed) and its values (which one), as every node's listeners read them. */
    record Notice(String kind, List<String> values) {

        public static Notice of(String kind, String... values) {
            return new Notice(kind, List.of(values));
        }

        public String value(int index) {
            return values.get(index);
        }
    }

    interface Listener {

        /** Another node said so. */
        void heard(Notice notice);

        /** Notices may have been said while this node was not listening (start-up, a lost connection): forget it all. */
        void mayHaveMissed();
    }

    /** Tells every other node; a notice that cannot be said is logged, never thrown: the change itself is done. */
    void tell(Notice notice);

    void listen(Listener listener);
}
