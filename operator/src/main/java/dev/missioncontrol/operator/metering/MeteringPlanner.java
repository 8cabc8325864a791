package dev.missioncontrol.operator.metering;

import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.Ed25519Keys;
import dev.missioncontrol.core.audit.KeyRing;
import dev.missioncontrol.core.metering.UsageExports;
import dev.missioncontrol.core.metering.UsageWindows;
import dev.missioncontrol.core.prometheus.QueryResult;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.LateWindow;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.Receipt;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.ReceiptMismatch;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.Rehearsal;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.Variance;
import dev.missioncontrol.operator.api.v1alpha1.RehearsalOutcome;
import dev.missioncontrol.operator.api.v1alpha1.VarianceVerdict;
import dev.missioncontrol.operator.events.PlannedEvent;
import dev.missioncontrol.operator.status.Decision;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * MeteringRotation as a pure function of the spec, the previous status, the operator's archive of what it signed,
 * the receipts the exporter recorded, the signing key's state and the time: which closed windows to sign now (a
 * usage series exists, even of value 0; no series signs nothing), which receipts confirm a delivery and which do not
 * match what was signed, which windows are late, which drift from metering, whether the key is rotated, a rotation
 * rehearsed, or nothing; the Events; and when to look again. Prometheus is a function; signing and writing are the
 * reconciler's.
 */
public final class MeteringPlanner {

    static final int RECEIPTS_IN_STATUS = 30;
    static final int CHECKED_IN_STATUS = 1000;
    static final int REHEARSALS_IN_STATUS = 10;
    static final int NO_DATA_IN_STATUS = 50;
    static final int MISMATCHES_IN_STATUS = 20;
    /** At most this many signed exports wait for delivery (about 1 KiB each); more are signed as the exporter delivers. */
    public static final int MAX_PENDING = 300;
    /** At most this many usage queries per reconciliation; a longer backfill goes on at the next, a few seconds later. */
    static final int MAX_QUERIES = 200;
    static final Duration CONTINUE_AFTER = Duration.ofSeconds(5);
    /** The longest a closed window waits before it is queried and signed, so Prometheus has ingested its last samples. */
    static final Duration MAX_SETTLE = Duration.ofMinutes(5);
    public static final String ROTATE = "missioncontrol.dev/rotate-key";
    public static final String REHEARSE = "missioncontrol.dev/rehearse-rotation";
    /** {@code "<tenant>@<window id>,..."}: a person attests that these windows without a usage series are truly zero. */
    public static final String ATTEST_ZERO = "missioncontrol.dev/attest-zero-usage";
    /**
     * Who attested: the admission policy the chart ships requires it to be the authenticated user whenever
     * {@link #ATTEST_ZERO} is set or changed. Without it an attestation is not honoured (no name, no signed zero).
     */
    public static final String ATTESTED_BY = "missioncontrol.dev/attested-by";
    /**
     * The Event series of the per-window Events (ExportLate, DriftDetected, UsageAttestedZero, ReceiptMismatch): on one
     * rotation each reason is one Event whose count is the number of windows (or receipts) it reported, and whose
     * message is the latest, not one Event per window.
     */
    static final String PER_WINDOW = "per-window";

    /** What to do with the signing key now. */
    public enum KeyAction {
        NONE, ROTATE, REHEARSE
    }

    /**
     * The next status (key fields aside: the reconciler fills them once the action is done), the key action, the key ids
     * that signed archived exports, the archive after this pass (deliveries recorded, records beyond retention pruned)
     * and the usage to sign now, oldest first.
     */
    public record Plan(MeteringRotationStatus status, KeyAction keyAction, List<String> signedKeyIds, Map<String, ArchivedExport> archive,
            List<UsageExports.Usage> toSign) {
    }

    private MeteringPlanner() {
    }

    /**
     * @param archive      what the operator signed for this rotation's purpose, by {@code <window>.<tenant>}
     * @param receipts     the exporter's receipts (tenant-writable: compared with the archive, never trusted alone)
     * @param keyRotatedAt when the current signing key was created or last rotated (null: just created)
     * @param prometheus   an instant query at a time; called for windows not signed yet and for drift checks not done yet
     */
    public static Decision<Plan> plan(MeteringRotation mr, Map<String, ArchivedExport> archive, List<Receipt> receipts, Instant keyRotatedAt,
            Instant now, BiFunction<String, Instant, QueryResult> prometheus) {
        var spec = mr.getSpec();
        var prev = Optional.ofNullable(mr.getStatus()).orElseGet(MeteringRotationStatus::new);
        var next = new MeteringRotationStatus();
        List<PlannedEvent> events = new ArrayList<>();
        var windows = windows(mr);
        Instant since = since(mr);

        // Retention: records of windows before the horizon leave the archive.
        Instant horizon = windows.floor(now).minus(windows.length().multipliedBy(Math.max(spec.retentionWindows(), 1)));
        Map<String, ArchivedExport> kept = new TreeMap<>();
        archive.forEach((k, r) -> {
            if (!r.start().isBefore(horizon)) {
                kept.put(k, r);
            }
        });

        // Receipts: a delivery counts only when its digest is the digest of the file the operator signed.
        List<ReceiptMismatch> mismatches = new ArrayList<>();
        for (Receipt r : receipts) {
            Optional<Instant> start = windowStart(r.window());
            if (start.isEmpty() || r.tenant() == null) {
                mismatches.add(new ReceiptMismatch(String.valueOf(r.window()), String.valueOf(r.tenant()), "not a receipt of a window and tenant"));
                continue;
            }
            if (start.get().isBefore(horizon)) {
                continue;
            }
            String key = ArchivedExport.key(r.window(), r.tenant());
            ArchivedExport signed = kept.get(key);
            if (signed == null) {
                mismatches.add(new ReceiptMismatch(r.window(), r.tenant(), "the operator signed no export for this window and tenant"));
            } else if (!signed.digest().equals(r.digest())) {
                mismatches.add(new ReceiptMismatch(r.window(), r.tenant(), "receipt digest " + shortId(r.digest())
                        + " is not the digest " + shortId(signed.digest()) + " of the signed export"));
            } else if (!signed.delivered()) {
                kept.put(key, signed.deliveredNow());
            }
        }
        Set<String> knownMismatches = prev.getReceiptMismatches().stream().map(m -> m.window() + "." + m.tenant() + ":" + m.problem())
                .collect(Collectors.toSet());
        mismatches.stream().filter(m -> !knownMismatches.contains(m.window() + "." + m.tenant() + ":" + m.problem()))
                .forEach(m -> events.add(PlannedEvent.warning("ReceiptMismatch", "receipt " + m.window() + "." + m.tenant() + " in ConfigMap "
                        + ReceiptsConfigMapDependent.name(mr) + ": " + m.problem() + "; delete that receipt so the exporter delivers the signed file again")
                        .inSeries(PER_WINDOW, 1)));
        next.setReceiptMismatches(first(mismatches, MISMATCHES_IN_STATUS));

        // Signing: each closed (and settled) window not signed yet whose usage query returns a series.
        String usageQuery = Optional.ofNullable(spec.getExport().getUsageQuery()).filter(q -> !q.isBlank()).orElse(UsageExports.DEFAULT_USAGE_QUERY);
        Duration settle = settle(windows.length(), spec.gracePeriod());
        Set<String> attested = attestedZero(mr);
        Optional<String> attester = attester(mr);
        long pending = kept.values().stream().filter(r -> !r.delivered()).count();
        List<UsageExports.Usage> toSign = new ArrayList<>();
        Map<String, List<String>> noData = new LinkedHashMap<>();
        int queries = 0;
        boolean more = false;
        for (Instant start : windows.closed(since, now.minus(settle), spec.retentionWindows())) {
            if (start.isBefore(horizon)) {
                continue; // within the settling time after a window closes: its record would leave the archive at once, and be signed again
            }
            String id = UsageWindows.id(start);
            for (String tenant : spec.getTenants()) {
                if (kept.containsKey(ArchivedExport.key(id, tenant))) {
                    continue;
                }
                if (queries >= MAX_QUERIES || pending + toSign.size() >= MAX_PENDING) {
                    more = true;
                    continue;
                }
                queries++;
                String query = windows.render(usageQuery, tenant);
                Instant end = windows.end(start);
                var result = prometheus.apply(query, end);
                if (result.error() != null) {
                    continue; // nothing signed; retried at the next pass
                }
                if (result.value() != null && !result.value().isNaN()) {
                    toSign.add(UsageExports.Usage.measured(tenant, id, start.toString(), end.toString(), result.value(), "units", query,
                            now.toString()));
                } else if (attester.isPresent() && attested.contains(tenant + "@" + id)) {
                    toSign.add(UsageExports.Usage.attestedZero(tenant, id, start.toString(), end.toString(), "units", query, now.toString(),
                            attester.get()));
                    events.add(PlannedEvent.normal("UsageAttestedZero", "window " + id + " of tenant " + tenant
                            + " had no usage series and is signed as zero, attested by " + attester.get() + " (annotation " + ATTEST_ZERO + ")")
                            .inSeries(PER_WINDOW, 1));
                } else {
                    noData.computeIfAbsent(id, w -> new ArrayList<>()).add(tenant);
                }
            }
        }
        List<LateWindow> noUsage = noData.entrySet().stream().map(e -> new LateWindow(e.getKey(), e.getValue())).toList();
        next.setNoUsageData(first(noUsage, NO_DATA_IN_STATUS));
        next.setPendingExports((int) pending + toSign.size());

        // Lateness and what is exported come from the archive: a window is exported once its delivery is confirmed.
        List<Receipt> delivered = kept.values().stream().filter(ArchivedExport::delivered)
                .map(r -> new Receipt(r.window(), r.tenant(), r.total(), r.digest(), r.keyid())).toList();
        var ledger = UsageLedger.of(delivered, spec.getTenants(), windows, since, now, spec.gracePeriod(), spec.retentionWindows());
        next.setReceipts(last(ledger.receipts(), RECEIPTS_IN_STATUS));
        next.setReceiptCount(ledger.receipts().size());
        next.setExportedThrough(ledger.exportedThrough().map(Instant::toString).orElse(null));
        next.setLateWindows(ledger.late());
        Set<String> lateBefore = prev.getLateWindows().stream().map(LateWindow::window).collect(Collectors.toSet());
        List<LateWindow> newlyLate = ledger.late().stream().filter(l -> !lateBefore.contains(l.window())).toList();
        exportLate(newlyLate, noData, spec.gracePeriodText()).ifPresent(events::add);

        // Drift: each signed total is compared with metering once.
        double threshold = spec.drift().threshold();
        String meteredQuery = Optional.ofNullable(spec.drift().getMeteredQuery()).filter(q -> !q.isBlank())
                .orElse(UsageExports.DEFAULT_METERED_QUERY);
        Set<String> checked = new LinkedHashSet<>(prev.getDriftCheckedWindows());
        Map<String, Variance> latest = new LinkedHashMap<>();
        prev.getVariances().forEach(v -> latest.put(v.tenant(), v));
        List<Receipt> signed = Stream.concat(kept.values().stream().map(r -> new Receipt(r.window(), r.tenant(), r.total(), r.digest(), r.keyid())),
                toSign.stream().map(u -> new Receipt(u.window(), u.tenant(), u.total(), null, null)))
                .sorted(Comparator.comparing(Receipt::window).thenComparing(Receipt::tenant)).toList();
        for (Receipt r : signed) {
            String key = r.window() + "." + r.tenant();
            if (checked.contains(key)) {
                continue;
            }
            Instant end = windows.end(UsageWindows.parseId(r.window()));
            var result = prometheus.apply(windows.render(meteredQuery, r.tenant()), end);
            var v = DriftCheck.compare(r.window(), r.tenant(), result.error() == null ? result.value() : null, r.total(), threshold);
            checked.add(key);
            var current = latest.get(r.tenant());
            if (current == null || current.window().compareTo(v.window()) <= 0) {
                latest.put(r.tenant(), v);
            }
            if (v.verdict() == VarianceVerdict.Drift) {
                events.add(PlannedEvent.warning("DriftDetected", "tenant " + r.tenant() + " window " + r.window() + " exported "
                        + v.exported() + " but metering shows " + v.metered() + " (variance " + percent(v.variance())
                        + ", threshold " + percent(threshold) + ")").inSeries(PER_WINDOW, 1));
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

        // Sleep until the next moment that matters: a window to sign, a window turning late, the next rotation.
        Instant nextSigning = windows.floor(now).plus(settle).isAfter(now) ? windows.floor(now).plus(settle)
                : windows.floor(now).plus(windows.length()).plus(settle);
        Optional<Instant> soon = more ? Optional.of(now.plus(CONTINUE_AFTER)) : Optional.empty();
        Duration requeue = Stream.of(ledger.nextDeadline(), due, Optional.of(nextSigning), soon).flatMap(Optional::stream)
                .min(Instant::compareTo).map(t -> Duration.between(now, t).plusMillis(500)).orElse(null);
        List<String> keyIds = kept.values().stream().map(ArchivedExport::keyid).distinct().toList();
        return Decision.of(new Plan(next, action, keyIds, kept, toSign), events, requeue);
    }

    /** How long after a window closes it is queried and signed: a quarter window, half the grace period, at most 5 minutes. */
    /**
     * One ExportLate Warning for the windows newly late in this pass, its count the number of windows: a new rotation
     * whose {@code since} is far back reports its late windows as one Event, not one per window. Its message names the
     * span and the latest window; the windows themselves are in {@code status.lateWindows}.
     */
    static Optional<PlannedEvent> exportLate(List<LateWindow> newlyLate, Map<String, List<String>> noData, String grace) {
        if (newlyLate.isEmpty()) {
            return Optional.empty();
        }
        LateWindow latest = newlyLate.get(newlyLate.size() - 1);
        // Tenants whose usage query returned no series in any of these windows: no export will come without a person.
        List<String> empty = newlyLate.stream().flatMap(l -> noData.getOrDefault(l.window(), List.of()).stream().filter(l.tenants()::contains))
                .distinct().toList();
        String noSeries = empty.isEmpty() ? "" : "; the usage query returned no series for " + String.join(", ", empty)
                + ", which is never exported as zero: restore the data, or attest zero with the annotation " + ATTEST_ZERO;
        String message = newlyLate.size() == 1
                ? "window " + latest.window() + " has no export for " + String.join(", ", latest.tenants()) + " past the " + grace
                        + " grace period" + noSeries
                : newlyLate.size() + " windows have no export past the " + grace + " grace period, " + newlyLate.get(0).window()
                        + " to " + latest.window() + " (status.lateWindows lists them); the latest, " + latest.window()
                        + ", has none for " + String.join(", ", latest.tenants()) + noSeries;
        return Optional.of(PlannedEvent.warning("ExportLate", message).inSeries(PER_WINDOW, newlyLate.size()));
    }

    static Duration settle(Duration window, Duration grace) {
        return Stream.of(window.dividedBy(4), grace.dividedBy(2), MAX_SETTLE).min(Duration::compareTo).orElseThrow();
    }

    /** Signs one usage: the export file's exact bytes and the record the archive keeps of it. */
    public static ArchivedExport sign(UsageExports.Usage usage, java.security.PrivateKey key, String keyId) {
        byte[] file = UsageExports.fileBytes(UsageExports.sign(usage, key, keyId));
        return new ArchivedExport(usage.window(), usage.tenant(), usage.total(), UsageExports.digest(file), keyId, usage.basis(),
                usage.exportedAt(), false, new String(file, StandardCharsets.UTF_8));
    }

    /** The key's fields once the action is done, and its Event. */
    public static List<PlannedEvent> keyDone(MeteringRotationStatus next, KeyAction action, KeyRing ring, Optional<Rehearsal> rehearsal,
            Duration overlap, Instant now) {
        var current = ring.current().orElseThrow(() -> new IllegalStateException("key ring has no current key"));
        next.setKeyId(current.keyid());
        Optional<KeyRing.Key> previous = previous(ring);
        next.setPreviousKeyId(previous.filter(p -> p.retiredAt() != null && now.isBefore(Instant.parse(p.retiredAt()).plus(overlap)))
                .map(KeyRing.Key::keyid).orElse(null));
        next.setKeyRotatedAt(current.createdAt());
        List<PlannedEvent> events = new ArrayList<>();
        if (action == KeyAction.ROTATE) {
            events.add(PlannedEvent.normal("KeyRotated", "export-signing key rotated to " + shortId(current.keyid())
                    + previous.map(p -> "; the previous key " + shortId(p.keyid()) + " stays in the published key ring").orElse("")));
        } else if (action == KeyAction.REHEARSE && rehearsal.isPresent()) {
            List<Rehearsal> all = new ArrayList<>(next.getRehearsals());
            all.add(rehearsal.get());
            next.setRehearsals(last(all, REHEARSALS_IN_STATUS));
            events.add(PlannedEvent.normal("RotationRehearsed", rehearsal.get().message()));
        }
        return events;
    }

    /** When the current key was created (the first key) or became current (a rotation). */
    public static Instant rotatedAt(KeyRing ring) {
        return ring.current().map(KeyRing.Key::createdAt).map(Instant::parse).orElse(null);
    }

    /** A rehearsal's record: a candidate key signs and verifies a probe, and every key that signed an export is in the ring. */
    public static Rehearsal rehearsal(KeyRing ring, List<String> signedKeyIds, Instant now) {
        var candidate = Ed25519Keys.generate();
        String candidateId = Ed25519Keys.keyId(candidate.getPublic());
        var probe = Dsse.sign("application/vnd.missioncontrol.rehearsal", "probe".getBytes(StandardCharsets.UTF_8), candidate.getPrivate(), candidateId);
        if (!Dsse.verify(probe, candidate.getPublic())) {
            return new Rehearsal(now.toString(), RehearsalOutcome.Failed, "the candidate key does not verify its own signature");
        }
        List<String> missing = signedKeyIds.stream().filter(id -> ring.find(id).isEmpty()).toList();
        if (!missing.isEmpty()) {
            return new Rehearsal(now.toString(), RehearsalOutcome.Failed, "exports signed with key(s) "
                    + String.join(", ", missing.stream().map(MeteringPlanner::shortId).toList())
                    + " would not verify: they are not in the published key ring; restore the signing key Secret's ring from a backup");
        }
        String current = ring.current().map(KeyRing.Key::keyid).orElse("none");
        return new Rehearsal(now.toString(), RehearsalOutcome.Succeeded, "dry run: candidate key " + shortId(candidateId)
                + " signs and verifies; after a switch key " + shortId(current) + " would stay in the published key ring with the "
                + (ring.keys().size() - 1) + " retired one(s), so every existing export (" + signedKeyIds.size()
                + " signing key(s)) stays verifiable; nothing switched");
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

    static String shortId(String id) {
        return id == null ? "none" : id.substring(0, Math.min(12, id.length()));
    }

    private static Optional<Instant> windowStart(String id) {
        try {
            return id == null ? Optional.empty() : Optional.of(UsageWindows.parseId(id));
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<KeyRing.Key> previous(KeyRing ring) {
        return ring.keys().stream().filter(k -> k.retiredAt() != null).reduce((a, b) -> b);
    }

    /** The windows a person attested as truly zero: {@code tenant@window} items of the annotation. */
    static Set<String> attestedZero(MeteringRotation mr) {
        String value = annotation(mr, ATTEST_ZERO);
        return value == null ? Set.of() : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }

    /** The user who attested zero windows, if {@link #ATTESTED_BY} names one. */
    static Optional<String> attester(MeteringRotation mr) {
        return Optional.ofNullable(annotation(mr, ATTESTED_BY)).map(String::trim);
    }

    private static String annotation(MeteringRotation mr, String key) {
        return Optional.ofNullable(mr.getMetadata().getAnnotations()).map(a -> a.get(key)).filter(v -> !v.isBlank()).orElse(null);
    }

    private static <T> List<T> last(List<T> list, int limit) {
        return list.size() > limit ? List.copyOf(list.subList(list.size() - limit, list.size())) : list;
    }

    private static <T> List<T> first(List<T> list, int limit) {
        return list.size() > limit ? List.copyOf(list.subList(0, limit)) : list;
    }
}
