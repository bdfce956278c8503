package org.careledger.launcher.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the load sent and what it was told, message by message: the sender's side of the count,
 * kept apart from what Kafka, PostgreSQL and the chain say afterwards.
 */
final class LoadLedger {

    enum Channel { MLLP, FHIR, INBOX, CLAIM }

    /** One message: its key (control id or resource id), the event id it must become, and whether it was acknowledged. */
    static final class Entry {
        final Channel channel;
        final String key;
        final String eventId;
        volatile boolean acked;
        volatile boolean refused;

        Entry(Channel channel, String key, String eventId) {
            this.channel = channel;
            this.key = key;
            this.eventId = eventId;
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    Entry sent(Channel channel, String key, String eventId) {
        Entry e = new Entry(channel, key, eventId);
        entries.put(channel + "/" + key, e);
        return e;
    }

    List<Entry> all() {
        return new ArrayList<>(entries.values());
    }

    long count(Channel channel) {
        return entries.values().stream().filter(e -> e.channel == channel).count();
    }
}
