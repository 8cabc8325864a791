package dev.missioncontrol.operator.metering;

import dev.missioncontrol.core.metering.UsageExports;
import dev.missioncontrol.core.metering.UsageWindows;
import dev.missioncontrol.core.prometheus.QueryResult;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.Receipt;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.Rehearsal;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.Variance;
import dev.missioncontrol.operator.api.v1alpha1.RehearsalOutcome;
import dev.missioncontrol.operator.api.v1alpha1.VarianceVerdict;
import dev.missioncontrol.operator.events.PlannedEvent;
import dev.missioncontrol.operator.status.Decision;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * MeteringRotation as a pure function of the spec, the previous status, the receipts the exporter recorded, the
 * signing key's state and the time: which windows are late, which receipts drift from metering, and whether the
 * key is rotated, a rotation rehearsed, or nothing; the Events; and when to look again. No I/O: metering is a
 * function called once per receipt not checked yet, and the key action is carried out by the reconciler.
 */
public final class MeteringPlanner {

    static final int RECEIPTS_IN_STATUS = 30;
    static final int CHECKED_IN_STATUS = 1000;
    static final int REHEARSALS_IN_STATUS = 10;
    public static final String ROTATE = "missioncontrol.dev/rotate-key";
    public static final String REHEARSE = "missioncontrol.dev/rehearse-rotation";

    /** What to do with the signing key now. */
    public enum KeyAction {
        NONE, ROTATE, REHEARSE
    }

    /** The next status (key fields aside: the reconciler fills them once the action is done) and the key action. */
    public record Plan(MeteringRotationStatus status, KeyAction keyAction, List<String> receiptKeyIds) {
    }

    private MeteringPlanner() {
    }

    /**
     * @param keyRotatedAt when the current signing key was created or last rotated (null: just created)
     * @param metered      metering's total for a tenant's window, called only for receipts not checked before
     */
    public static Decision<Plan> plan(MeteringRotation mr, List<Receipt> receipts, Instant keyRotatedAt, Instant now,
            BiFunction<String, Instant, QueryResult> metered) {
        var spec = mr.getSpec();
        var prev = Optional.ofNullable(mr.getStatus()).orElseGet(MeteringRotationStatus::new);
        var next = new MeteringRotationStatus();
        List<PlannedEvent> events = new ArrayList<>();

        var windows = windows(mr);
        var ledger = UsageLedger.of(receipts, spec.getTenants(), windows, since(mr), now, spec.gracePeriod(), spec.retentionWindows());
        next.setReceipts(last(ledger.receipts(), RECEIPTS_IN_STATUS));
        next.setReceiptCount(ledger.receipts().size());
        next.setExportedThrough(ledger.exportedThrough().map(Instant::toString).orElse(null));
        next.setLateWindows(ledger.late());
        Set<String> lateBefore = prev.getLateWindows().stream().map(l -> l.window()).collect(Collectors.toSet());
        ledger.late().stream().filter(l -> !lateBefore.contains(l.window())).forEach(l -> events.add(PlannedEvent.warning("ExportLate",
                "window " + l.window() + " has no export for " + String.join(", ", l.tenants()) + " past the "
                        + spec.gracePeriodText() + " grace period")));

        // Drift: each receipt is compared with metering once.
        double threshold = spec.drift().threshold();
        String meteredQuery = Optional.ofNullable(spec.drift().getMeteredQuery()).filter(q -> !q.isBlank())
                .orElse(UsageExports.DEFAULT_METERED_QUERY);
        Set<String> checked = new LinkedHashSet<>(prev.getDriftCheckedWindows());
        Map<String, Variance> latest = new LinkedHashMap<>();
        prev.getVariances().forEach(v -> latest.put(v.tenant(), v));
        for (Receipt r : ledger.receipts()) {
            String key = r.window() + "." + r.tenant();
            if (checked.contains(key)) {
                continue;
            }
            Instant end = windows.end(UsageWindows.parseId(r.window()));
            var result = metered.apply(windows.render(meteredQuery, r.tenant()), end);
            var v = DriftCheck.compare(r.window(), r.tenant(), result.error() == null ? result.value() : null, r.total(), threshold);
            checked.add(key);
            var current = latest.get(r.tenant());
            if (current == null || current.window().compareTo(v.window()) <= 0) {
                latest.put(r.tenant(), v);
            }
            if (v.verdict() == VarianceVerdict.Drift) {
                events.add(PlannedEvent.warning("DriftDetected", "tenant " + r.tenant() + " window " + r.window() + " exported "
                        + v.exported() + " but metering shows " + v.metered() + " (variance " + percent(v.variance())
                        + ", threshold " + percent(threshold) + ")"));
            }
        }
        next.setDriftCheckedWindows(last(new ArrayList<>(checked), CHECKED_IN_STATUS));
        next.setVariances(new ArrayList<>(latest.values()));

        // Signing key: rotate on schedule or on request, or rehearse.
        String schedule = spec.rotation().schedule();
        boolean rehearseScheduled = Boolean.TRUE.equals(spec.rotation().getRehearse());
        Instant rotatedAt = keyRotatedAt != null ? keyRotatedAt : now;
        Optional<Instant> due = prev.getNextRotationAt() != null ? Optional.of(Instant.parse(prev.getNextRotationAt()))
                : RotationSchedule.next(schedule, rotatedAt);
        String rotateToken = annotation(mr, ROTATE);
        String rehearseToken = annotation(mr, REHEARSE);
        boolean scheduledNow = due.isPresent() && !now.isBefore(due.get());
        KeyAction action = KeyAction.NONE;
        if ((rotateToken != null && !rotateToken.equals(prev.getHandledRotation())) || (scheduledNow && !rehearseScheduled)) {
            action = KeyAction.ROTATE;
            due = RotationSchedule.next(schedule, now);
        } else if ((rehearseToken != null && !rehearseToken.equals(prev.getHandledRehearsal())) || (scheduledNow && rehearseScheduled)) {
            action = KeyAction.REHEARSE;
            if (scheduledNow) {
                due = RotationSchedule.next(schedule, now);
            }
        }
        next.setHandledRotation(rotateToken);
        next.setHandledRehearsal(rehearseToken);
        next.setRehearsals(last(new ArrayList<>(prev.getRehearsals()), REHEARSALS_IN_STATUS));
        next.setNextRotationAt(due.map(Instant::toString).orElse(null));

        // Sleep until the next moment that matters: a window turning late, or the next rotation.
        Duration requeue = Stream.of(ledger.nextDeadline(), due).flatMap(Optional::stream).min(Instant::compareTo)
                .map(t -> Duration.between(now, t).plusMillis(500)).orElse(null);
        return Decision.of(new Plan(next, action, ledger.receipts().stream().map(Receipt::keyid).distinct().toList()), events, requeue);
    }

    /** The key's fields once the action is done, and its Event. */
    public static List<PlannedEvent> keyDone(MeteringRotationStatus next, KeyAction action, MeteringKeys.State keys,
            Optional<Rehearsal> rehearsal, Duration overlap) {
        next.setKeyId(keys.keyId());
        next.setPreviousKeyId(keys.previousKeyId());
        next.setKeyRotatedAt(keys.rotatedAt() == null ? null : keys.rotatedAt().toString());
        List<PlannedEvent> events = new ArrayList<>();
        if (action == KeyAction.ROTATE) {
            events.add(PlannedEvent.normal("KeyRotated", "export-signing key rotated to " + keys.keyId().substring(0, 12)
                    + "; the previous key " + keys.previousKeyId().substring(0, 12) + " stays published for " + overlap));
        } else if (action == KeyAction.REHEARSE && rehearsal.isPresent()) {
            List<Rehearsal> all = new ArrayList<>(next.getRehearsals());
            all.add(rehearsal.get());
            next.setRehearsals(last(all, REHEARSALS_IN_STATUS));
            events.add(PlannedEvent.normal("RotationRehearsed", rehearsal.get().message()));
        }
        return events;
    }

    /** A rehearsal's record: what rotating now would do to the receipts signed so far, or why it would fail. */
    public static Rehearsal rehearsal(MeteringKeys.State keys, List<String> receiptKeyIds, Instant now) {
        try {
            return new Rehearsal(now.toString(), RehearsalOutcome.Succeeded, MeteringKeys.rehearse(keys, receiptKeyIds));
        } catch (RuntimeException e) {
            return new Rehearsal(now.toString(), RehearsalOutcome.Failed, e.getMessage());
        }
    }

    /** Start of the first window: spec.export.since, or the resource's creation, rounded down to a window. */
    public static Instant since(MeteringRotation mr) {
        var windows = windows(mr);
        String since = mr.getSpec().getExport().getSince();
        Instant t = since != null ? OffsetDateTime.parse(since).toInstant()
                : mr.getMetadata().getCreationTimestamp() != null ? OffsetDateTime.parse(mr.getMetadata().getCreationTimestamp()).toInstant()
                : Instant.EPOCH;
        return windows.floor(t);
    }

    static UsageWindows windows(MeteringRotation mr) {
        return new UsageWindows(mr.getSpec().getExport().window());
    }

    static String percent(Double ratio) {
        return ratio == null ? "unknown" : String.format(Locale.ROOT, "%.2f %%", ratio * 100);
    }

    private static String annotation(MeteringRotation mr, String key) {
        return Optional.ofNullable(mr.getMetadata().getAnnotations()).map(a -> a.get(key)).filter(v -> !v.isBlank()).orElse(null);
    }

    private static <T> List<T> last(List<T> list, int limit) {
        return list.size() > limit ? List.copyOf(list.subList(list.size() - limit, list.size())) : list;
    }
}
