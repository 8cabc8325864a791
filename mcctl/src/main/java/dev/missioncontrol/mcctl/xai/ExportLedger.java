package dev.missioncontrol.mcctl.xai;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The per-event ledger, in memory: every eligible event (every distinct event id the source produced, malformed lines
 * included under a line id) is in flight or has exactly one terminal outcome, so
 * {@code eligible = delivered + dropped + dead-lettered + opted out + in flight} holds by construction and
 * {@link #balanced()} checks it from the counts. A terminal outcome is never replaced: recording an event again is how
 * a restart deduplicates. Pure: {@link LedgerLog} persists the transitions, {@link ExporterMetrics} prints the counts.
 */
public final class ExportLedger {

    /** One event's line in the ledger. */
    public record Entry(String id, String tenant, Outcome outcome, String bucket, boolean explanation, boolean hints, int attempts) {
    }

    /** What a series of the outcome counter is keyed by. */
    public record Key(String tenant, Outcome outcome, String bucket) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = tenant.compareTo(o.tenant);
            if (c != 0) {
                return c;
            }
            c = outcome.compareTo(o.outcome);
            return c != 0 ? c : bucket.compareTo(o.bucket);
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<Key, Long> counts = new TreeMap<>();
    private final Map<String, Long> eligibleByTenant = new TreeMap<>();
    private final Map<String, Long> explanationsByTenant = new TreeMap<>();
    private final Map<String, Long> hintsByTenant = new TreeMap<>();

    public Optional<Entry> get(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    /** Whether the event already has its terminal outcome (so it must not be sent again). */
    public boolean settled(String id) {
        Entry e = entries.get(id);
        return e != null && e.outcome().terminal();
    }

    /**
     * Records a transition. Allowed: a new event to any state; in flight to in flight (a resend after a restart) or to
     * a terminal outcome. Refused (returns false, nothing changes): any change to an event that is settled.
     */
    public boolean record(Entry next) {
        Entry previous = entries.get(next.id());
        if (previous != null && previous.outcome().terminal()) {
            return false;
        }
        if (previous == null) {
            eligibleByTenant.merge(next.tenant(), 1L, Long::sum);
            if (next.explanation()) {
                explanationsByTenant.merge(next.tenant(), 1L, Long::sum);
                if (next.hints()) {
                    hintsByTenant.merge(next.tenant(), 1L, Long::sum);
                }
            }
        } else {
            if (!previous.tenant().equals(next.tenant()) || previous.explanation() != next.explanation() || previous.hints() != next.hints()) {
                throw new IllegalArgumentException("event " + next.id() + " changed its tenant or content between records");
            }
            counts.merge(keyOf(previous), -1L, Long::sum);
        }
        counts.merge(keyOf(next), 1L, Long::sum);
        entries.put(next.id(), next);
        return true;
    }

    private static Key keyOf(Entry e) {
        return new Key(e.tenant(), e.outcome(), e.outcome() == Outcome.IN_FLIGHT ? "" : e.bucket());
    }

    public long eligible() {
        return eligibleByTenant.values().stream().mapToLong(Long::longValue).sum();
    }

    public long count(Outcome outcome) {
        return counts.entrySet().stream().filter(e -> e.getKey().outcome() == outcome).mapToLong(Map.Entry::getValue).sum();
    }

    public long inFlight() {
        return count(Outcome.IN_FLIGHT);
    }

    /** eligible = delivered + dropped (permanent, exhausted) + dead-lettered + opted out + in flight. */
    public boolean balanced() {
        long sum = 0;
        for (Outcome o : Outcome.values()) {
            sum += count(o);
        }
        return sum == eligible() && entries.size() == eligible();
    }

    /** Counts by tenant, outcome and bucket; zero counts (an outcome left) are kept so a series never disappears. */
    public Map<Key, Long> counts() {
        return java.util.Collections.unmodifiableMap(counts);
    }

    public Map<String, Long> eligibleByTenant() {
        return java.util.Collections.unmodifiableMap(eligibleByTenant);
    }

    public Map<String, Long> explanationsByTenant() {
        return java.util.Collections.unmodifiableMap(explanationsByTenant);
    }

    public Map<String, Long> hintsByTenant() {
        return java.util.Collections.unmodifiableMap(hintsByTenant);
    }

    public Collection<Entry> entries() {
        return java.util.Collections.unmodifiableCollection(entries.values());
    }
}
