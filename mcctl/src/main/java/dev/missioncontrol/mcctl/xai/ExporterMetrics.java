package dev.missioncontrol.mcctl.xai;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The exporter's Prometheus exposition (text format 0.0.4). Outcomes come from the ledger, so they survive a restart
 * as the ledger does; attempts are this process's own counters (a restart resets them, as any counter's reset).
 * Attempts are kept apart from outcomes: one event may take several attempts.
 */
public final class ExporterMetrics {

    private record AttemptKey(String result, String reason, String permanence) implements Comparable<AttemptKey> {
        @Override
        public int compareTo(AttemptKey o) {
            return (result + "\0" + reason + "\0" + permanence).compareTo(o.result + "\0" + o.reason + "\0" + o.permanence);
        }
    }

    /** The label every sample carries, naming the ExplanationExport (namespace/name), so queries select one exporter. */
    public static final String EXPORT_LABEL = "xai_export";

    private final ExportLedger ledger;
    private final LongSupplier deadLetterDepth;
    private final String export;
    private final Map<AttemptKey, Long> attempts = new TreeMap<>();
    private long duplicates;
    private long linesRead;

    public ExporterMetrics(ExportLedger ledger, LongSupplier deadLetterDepth, String export) {
        this.ledger = ledger;
        this.deadLetterDepth = deadLetterDepth;
        this.export = export;
    }

    public synchronized void attemptDelivered() {
        attempts.merge(new AttemptKey("delivered", "ok", "none"), 1L, Long::sum);
    }

    public synchronized void attemptFailed(Failure failure) {
        attempts.merge(new AttemptKey("failed", failure.reason(), failure.permanence().label()), 1L, Long::sum);
    }

    public synchronized void duplicate() {
        duplicates++;
    }

    public synchronized void lineRead() {
        linesRead++;
    }

    /** The exposition, read under the exporter's lock so the ledger's counts are of one moment. */
    public synchronized String render() {
        StringBuilder out = new StringBuilder();
        header(out, "mc_xai_events_eligible_total", "counter", "Events the source produced, each distinct id once (malformed lines included).");
        ledger.eligibleByTenant().forEach((t, v) -> sample(out, "mc_xai_events_eligible_total", v, "tenant", t));
        header(out, "mc_xai_events_total", "counter",
                "Events by terminal outcome (delivered, dropped_permanent, dropped_exhausted, dead_lettered, opted_out) and bucket.");
        for (Map.Entry<ExportLedger.Key, Long> e : ledger.counts().entrySet()) {
            if (e.getKey().outcome().terminal()) {
                sample(out, "mc_xai_events_total", e.getValue(), "tenant", e.getKey().tenant(), "outcome", e.getKey().outcome().label(),
                        "bucket", e.getKey().bucket());
            }
        }
        header(out, "mc_xai_events_in_flight", "gauge", "Events sent or to be sent, without an outcome yet.");
        Map<String, Long> inFlight = new TreeMap<>();
        ledger.eligibleByTenant().keySet().forEach(t -> inFlight.put(t, 0L));
        ledger.counts().forEach((k, v) -> {
            if (k.outcome() == Outcome.IN_FLIGHT) {
                inFlight.merge(k.tenant(), v, Long::sum);
            }
        });
        inFlight.forEach((t, v) -> sample(out, "mc_xai_events_in_flight", v, "tenant", t));
        header(out, "mc_xai_attempts_total", "counter", "Delivery attempts by result, reason and permanence (this process's).");
        attempts.forEach((k, v) -> sample(out, "mc_xai_attempts_total", v, "result", k.result(), "reason", k.reason(), "permanence", k.permanence()));
        header(out, "mc_xai_explanations_total", "counter", "Well-formed events that are not opted out.");
        ledger.explanationsByTenant().forEach((t, v) -> sample(out, "mc_xai_explanations_total", v, "tenant", t));
        header(out, "mc_xai_hints_present_total", "counter", "Explanations with at least one counterfactual hint.");
        ledger.explanationsByTenant().keySet().forEach(t ->
                sample(out, "mc_xai_hints_present_total", ledger.hintsByTenant().getOrDefault(t, 0L), "tenant", t));
        header(out, "mc_xai_opt_outs_total", "counter", "Events that carried the opt-out flag, per tenant.");
        ledger.eligibleByTenant().keySet().forEach(t -> {
            long n = ledger.counts().entrySet().stream()
                    .filter(e -> e.getKey().tenant().equals(t) && e.getKey().outcome() == Outcome.OPTED_OUT)
                    .mapToLong(Map.Entry::getValue).sum();
            sample(out, "mc_xai_opt_outs_total", n, "tenant", t);
        });
        header(out, "mc_xai_dead_letter_depth", "gauge", "Files in the dead-letter directory.");
        sample(out, "mc_xai_dead_letter_depth", deadLetterDepth.getAsLong());
        header(out, "mc_xai_duplicates_total", "counter", "Source lines skipped because their event id already has an outcome (this process's).");
        sample(out, "mc_xai_duplicates_total", duplicates);
        header(out, "mc_xai_source_lines_total", "counter", "Lines read from the source (this process's).");
        sample(out, "mc_xai_source_lines_total", linesRead);
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(StringBuilder out, String name, long value, String... labels) {
        out.append(name);
        if (export != null) {
            String[] all = new String[labels.length + 2];
            all[0] = EXPORT_LABEL;
            all[1] = export;
            System.arraycopy(labels, 0, all, 2, labels.length);
            labels = all;
        }
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(value).append('\n');
    }

    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
