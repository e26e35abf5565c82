package io.hsmgateway.pipeline;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Notification ids are version 7 UUIDs: unique, and in the order they were made (a millisecond apart or more). */
class NotificationIdsTest {

    @Test
    void anIdIsAVersion7UuidCarryingTheTimeItWasMade() {
        long before = System.currentTimeMillis();
        UUID id = UUID.fromString(NotificationIds.newId());
        long after = System.currentTimeMillis();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, after);
    }

    @Test
    void idsMadeLaterSortAfterEarlierOnes() throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(NotificationIds.newId());
            Thread.sleep(2);
        }
        // as text, the way the primary key's index orders them
        assertThat(ids).isSorted();
    }

    @Test
    void idsAreUnique() {
        HashSet<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add(NotificationIds.newId())).isTrue();
        }
    }

    @Test
    void anAnnouncedIdIsKept() {
        assertThat(NotificationIds.assign("announced")).isEqualTo("announced");
        assertThat(NotificationIds.assign(null)).isNotNull();
    }
}
