package dev.missioncontrol.operator.metering;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.core.audit.Dsse;
import dev.missioncontrol.core.audit.Ed25519Keys;
import dev.missioncontrol.core.audit.KeyRing;
import dev.missioncontrol.core.metering.UsageExports;
import dev.missioncontrol.core.prometheus.QueryResult;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationSpec;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.Receipt;
import dev.missioncontrol.operator.api.v1alpha1.RehearsalOutcome;
import dev.missioncontrol.operator.api.v1alpha1.VarianceVerdict;
import dev.missioncontrol.operator.events.EventAggregation;
import dev.missioncontrol.operator.events.PlannedEvent;
import dev.missioncontrol.operator.metering.MeteringPlanner.KeyAction;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.status.Decision;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import dev.missioncontrol.operator.testing.MeteringRotations;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * MeteringRotation's decisions without a cluster: what is signed (a series, even of 0; never no series), late windows,
 * receipts checked against what was signed, a re-created rotation continuing from the archive, drift checked once,
 * key rotation and rehearsal, next wake-up.
 */
@Tag("unit")
class MeteringPlannerTest {

    static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");
    static final Instant NOW = Instant.parse("2026-11-25T03:30:00Z");
    static final String W0 = "20261125T000000Z";
    static final String W1 = "20261125T010000Z";
    static final String W2 = "20261125T020000Z";
    final List<String> queried = new ArrayList<>();
    final Map<String, ArchivedExport> archive = new TreeMap<>();

    MeteringRotation mr = MeteringRotations.rotation("ns", "usage", List.of("a", "b"), "http://prometheus:9090", "1h", T0, "45m");

    @Test
    void aWindowWithoutASeriesIsNotSignedAndTurnsLateAfterTheGracePeriodWithNoUsageData() {
        var decision = plan(List.of(), NOW, prometheus(Map.of("a", 10.0), Map.of()));
        var plan = decision.next();

        assertThat(plan.toSign()).as("closed windows 00:00, 01:00, 02:00 of a; none of b").extracting(u -> u.tenant() + "@" + u.window())
                .containsExactly("a@" + W0, "a@" + W1, "a@" + W2);
        assertThat(plan.toSign()).allSatisfy(u -> {
            assertThat(u.total()).isEqualTo(10.0);
            assertThat(u.basis()).isEqualTo(UsageExports.MEASURED);
        });
        assertThat(plan.status().getNoUsageData()).extracting(l -> l.window() + "=" + l.tenants())
                .containsExactly(W0 + "=[b]", W1 + "=[b]", W2 + "=[b]");
        // Nothing is delivered yet, so every window past its grace period is late; 02:00 turns late only at 03:45.
        assertThat(plan.status().getLateWindows()).extracting(l -> l.window()).containsExactly(W0, W1);
        assertThat(plan.status().getPendingExports()).isEqualTo(3);
        // Both windows turned late in this pass: one ExportLate Event standing for two windows, not one per window.
        assertThat(decision.events()).filteredOn(e -> e.reason().equals("ExportLate")).singleElement().satisfies(e -> {
            assertThat(e.count()).isEqualTo(2);
            assertThat(e.series()).isEqualTo(MeteringPlanner.PER_WINDOW);
            assertThat(e.message()).startsWith("2 windows have no export past the 45m grace period, " + W0 + " to " + W1)
                    .contains("no series for b").contains(MeteringPlanner.ATTEST_ZERO);
        });

        var status = MeteringRotationStatusAggregator.build(mr, plan.status(), AlertRules.NONE,
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(Conditions.find(status.getConditions(), "ExportLate")).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("NoUsageData");
            assertThat(c.getMessage()).contains("b@" + W0).contains("b@" + W1).contains("never exported as zero")
                    .doesNotContain("a@");
        });
    }

    @Test
    void aSeriesOfZeroIsSignedAsZero() {
        var plan = plan(List.of(), NOW, prometheus(Map.of("a", 0.0, "b", 3.0), Map.of())).next();
        assertThat(plan.toSign()).filteredOn(u -> u.tenant().equals("a")).hasSize(3).allSatisfy(u -> {
            assertThat(u.total()).isZero();
            assertThat(u.basis()).isEqualTo(UsageExports.MEASURED);
        });
        assertThat(plan.status().getNoUsageData()).isEmpty();
    }

    @Test
    void aQueryErrorSignsNothingAndIsNotNoData() {
        var plan = plan(List.of(), NOW, (q, at) -> QueryResult.error("Prometheus at http://prometheus:9090 unreachable")).next();
        assertThat(plan.toSign()).isEmpty();
        assertThat(plan.status().getNoUsageData()).isEmpty();
        assertThat(plan.status().getLateWindows()).hasSize(2);
    }

    @Test
    void aPersonMayAttestAWindowWithoutDataAsZero() {
        mr.getMetadata().setAnnotations(new HashMap<>(Map.of(MeteringPlanner.ATTEST_ZERO, "b@" + W0 + ", b@" + W2,
                MeteringPlanner.ATTESTED_BY, "olga@platform.example")));
        var decision = plan(List.of(), NOW, prometheus(Map.of("a", 10.0), Map.of()));
        assertThat(decision.next().toSign()).filteredOn(u -> u.tenant().equals("b"))
                .extracting(u -> u.window() + "=" + u.total() + "/" + u.basis() + "/" + u.attestedBy())
                .containsExactly(W0 + "=0.0/" + UsageExports.ATTESTED_ZERO + "/olga@platform.example",
                        W2 + "=0.0/" + UsageExports.ATTESTED_ZERO + "/olga@platform.example");
        assertThat(decision.next().toSign()).filteredOn(u -> u.tenant().equals("a")).allSatisfy(u -> assertThat(u.attestedBy()).isNull());
        assertThat(decision.next().status().getNoUsageData()).extracting(l -> l.window()).containsExactly(W1);
        assertThat(decision.events()).filteredOn(e -> e.reason().equals("UsageAttestedZero")).hasSize(2)
                .allSatisfy(e -> assertThat(e.message()).contains("attested by olga@platform.example"));
    }

    @Test
    void anAttestationWithoutItsAttesterSignsNothingAndSaysWhatIsMissing() {
        mr.getMetadata().setAnnotations(new HashMap<>(Map.of(MeteringPlanner.ATTEST_ZERO, "b@" + W0)));
        var decision = plan(List.of(), NOW, prometheus(Map.of("a", 10.0), Map.of()));
        assertThat(decision.next().toSign()).noneMatch(u -> u.tenant().equals("b"));
        assertThat(decision.next().status().getNoUsageData()).extracting(l -> l.window()).contains(W0);
        var status = MeteringRotationStatusAggregator.build(mr, decision.next().status(), AlertRules.NONE, Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(dev.missioncontrol.operator.status.Conditions.find(status.getConditions(), MeteringRotationStatusAggregator.EXPORT_LATE))
                .get().satisfies(c -> assertThat(c.getMessage()).contains(MeteringPlanner.ATTESTED_BY + " is missing"));
    }

    @Test
    void anAttestedZeroSignsTheAttesterAndAMeasuredTotalSignsNoAttesterField() {
        var attested = UsageExports.Usage.attestedZero("b", W0, "s", "e", "units", "q", NOW.toString(), "olga@platform.example");
        assertThat(dev.missioncontrol.core.audit.CanonicalJson.write(attested)).contains("\"attestedBy\":\"olga@platform.example\"");
        assertThat(dev.missioncontrol.core.audit.CanonicalJson.write(usage("a", W0, 1.0))).doesNotContain("attestedBy");
    }

    @Test
    void aRecreatedRotationContinuesFromTheArchiveAndSignsNoWindowTwice() {
        var key = Ed25519Keys.generate();
        String keyId = Ed25519Keys.keyId(key.getPublic());
        for (String t : List.of("a", "b")) {
            archive.put(W0 + "." + t, MeteringPlanner.sign(usage(t, W0, 5.0), key.getPrivate(), keyId).deliveredNow());
        }
        // A fresh object: no status, no receipts (its receipts ConfigMap went with the old one).
        var plan = plan(List.of(), NOW, prometheus(Map.of("a", 1.0, "b", 2.0), Map.of())).next();
        assertThat(plan.toSign()).extracting(u -> u.tenant() + "@" + u.window())
                .containsExactly("a@" + W1, "b@" + W1, "a@" + W2, "b@" + W2);
        assertThat(queried).noneMatch(q -> q.contains("usage_store") && q.endsWith("@2026-11-25T01:00:00Z"));
        assertThat(plan.status().getReceiptCount()).as("delivered before the re-creation").isEqualTo(2);
        assertThat(plan.status().getExportedThrough()).isEqualTo("2026-11-25T01:00:00Z");
        assertThat(plan.signedKeyIds()).containsExactly(keyId);

        // The re-created rotation's ring still holds the key that signed those exports: a rehearsal says so.
        var ring = KeyRing.of("metering-x", key.getPublic(), T0.toString()).rotate(Ed25519Keys.generate().getPublic(), NOW.toString());
        assertThat(MeteringPlanner.rehearsal(ring, plan.signedKeyIds(), NOW).outcome()).isEqualTo(RehearsalOutcome.Succeeded);
        var other = KeyRing.of("metering-x", Ed25519Keys.generate().getPublic(), NOW.toString());
        assertThat(MeteringPlanner.rehearsal(other, plan.signedKeyIds(), NOW)).satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(RehearsalOutcome.Failed);
            assertThat(r.message()).contains(keyId.substring(0, 12)).contains("not in the published key ring");
        });
    }

    @Test
    void aReceiptWhoseDigestIsNotTheSignedOnesIsNamedAndNotADelivery() throws Exception {
        var key = Ed25519Keys.generate();
        String keyId = Ed25519Keys.keyId(key.getPublic());
        var signed = MeteringPlanner.sign(usage("a", W0, 5.0), key.getPrivate(), keyId);
        archive.put(signed.key(), signed);
        var tampered = new Receipt(W0, "a", 5.0, "0".repeat(64), keyId);
        var forged = new Receipt(W1, "b", 0.0, "f".repeat(64), keyId);
        var decision = plan(List.of(tampered, forged), NOW, prometheus(Map.of(), Map.of()));

        assertThat(decision.next().archive().get(signed.key()).delivered()).isFalse();
        assertThat(decision.next().status().getReceiptCount()).isZero();
        assertThat(decision.next().status().getReceiptMismatches()).extracting(m -> m.window() + "." + m.tenant() + ": " + m.problem())
                .containsExactly(W0 + ".a: receipt digest 000000000000 is not the digest " + signed.digest().substring(0, 12) + " of the signed export",
                        W1 + ".b: the operator signed no export for this window and tenant");
        assertThat(decision.events()).filteredOn(e -> e.reason().equals("ReceiptMismatch")).hasSize(2);
        var status = MeteringRotationStatusAggregator.build(mr, decision.next().status(), AlertRules.NONE, Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(Conditions.find(status.getConditions(), "ReceiptMismatch")).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("DigestMismatch");
            assertThat(c.getMessage()).contains(W0 + ".a").contains("usage-receipts");
        });

        // The matching receipt confirms the delivery: the record stays, its file leaves the archive and the pending exports.
        var good = new Receipt(W0, "a", 5.0, signed.digest(), keyId);
        var delivered = plan(List.of(good), NOW, prometheus(Map.of(), Map.of())).next();
        assertThat(delivered.archive().get(signed.key())).satisfies(r -> {
            assertThat(r.delivered()).isTrue();
            assertThat(r.file()).isNull();
            assertThat(r.digest()).isEqualTo(signed.digest());
        });
        assertThat(delivered.status().getReceiptMismatches()).isEmpty();
        assertThat(delivered.status().getReceiptCount()).isEqualTo(1);
    }

    @Test
    void aReceiptThatIsNoWindowIsNamedNotFatal() {
        var decision = plan(List.of(new Receipt("yesterday", "a", 1.0, "d", "k")), NOW, prometheus(Map.of(), Map.of()));
        assertThat(decision.next().status().getReceiptMismatches()).singleElement()
                .satisfies(m -> assertThat(m.window() + "." + m.tenant() + ": " + m.problem()).isEqualTo("yesterday.a: not a receipt of a window and tenant"));
    }

    @Test
    void theSignedFileIsWhatTheDigestCoversAndVerifiesWithTheRing() throws Exception {
        var key = Ed25519Keys.generate();
        String keyId = Ed25519Keys.keyId(key.getPublic());
        var signed = MeteringPlanner.sign(usage("a", W0, 0.0), key.getPrivate(), keyId);
        byte[] file = signed.file().getBytes(StandardCharsets.UTF_8);
        assertThat(UsageExports.digest(file)).isEqualTo(signed.digest());
        var envelope = new ObjectMapper().readValue(file, Dsse.Envelope.class);
        assertThat(KeyRing.of("p", key.getPublic(), T0.toString()).verifies(envelope)).isTrue();
        assertThat(KeyRing.of("p", Ed25519Keys.generate().getPublic(), T0.toString()).verifies(envelope)).isFalse();
        assertThat(new ObjectMapper().readTree(envelope.payloadBytes()).path("total").asDouble()).isZero();
    }

    @Test
    void pendingExportsAreCappedAndRecordsBeyondRetentionArePruned() {
        mr.getSpec().setRetentionWindows(2);
        var key = Ed25519Keys.generate();
        String keyId = Ed25519Keys.keyId(key.getPublic());
        archive.put(W0 + ".a", MeteringPlanner.sign(usage("a", W0, 1.0), key.getPrivate(), keyId).deliveredNow());
        archive.put(W1 + ".a", MeteringPlanner.sign(usage("a", W1, 1.0), key.getPrivate(), keyId).deliveredNow());
        var plan = plan(List.of(), NOW, prometheus(Map.of("a", 1.0, "b", 1.0), Map.of())).next();
        assertThat(plan.archive()).as("retention 2: windows before 01:00 leave the archive").containsOnlyKeys(W1 + ".a");

        mr.getSpec().setRetentionWindows(744);
        archive.clear();
        for (int i = 0; i < MeteringPlanner.MAX_PENDING; i++) {
            var start = Instant.parse("2026-11-20T00:00:00Z").plus(Duration.ofHours(i % 24)).plus(Duration.ofDays(-(i / 24)));
            var w = dev.missioncontrol.core.metering.UsageWindows.id(start);
            archive.put(w + ".x", new ArchivedExport(w, "x", 1, "d", keyId, UsageExports.MEASURED, NOW.toString(), false, "{}"));
        }
        var capped = plan(List.of(), NOW, prometheus(Map.of("a", 1.0, "b", 1.0), Map.of()));
        assertThat(capped.next().toSign()).as("the exporter must deliver first").isEmpty();
        assertThat(capped.requeue()).get().satisfies(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(6)));
    }

    @Test
    void lateWindowsAndDriftBecomeStatusAndEventsAndTheNextDeadlineIsTheWakeUp() {
        delivered(W0, "a", 1000);
        delivered(W0, "b", 995);
        delivered(W1, "a", 10);
        var decision = plan(List.of(), NOW, prometheus(Map.of(), Map.of("a", 1000.0, "b", 1000.0)));
        var status = decision.next().status();

        assertThat(status.getLateWindows()).singleElement().satisfies(l -> {
            assertThat(l.window()).isEqualTo(W1);
            assertThat(l.tenants()).containsExactly("b");
        });
        assertThat(queried).filteredOn(q -> q.contains("metering_usage")).as("each export compared with metering once").hasSize(3);
        assertThat(status.getDriftCheckedWindows()).hasSize(3);
        assertThat(status.getVariances()).extracting(v -> v.tenant() + "=" + v.verdict())
                .containsExactlyInAnyOrder("a=Drift", "b=Drift");
        assertThat(decision.events()).extracting(PlannedEvent::reason).containsExactly("ExportLate", "DriftDetected", "DriftDetected");
        assertThat(decision.events()).allMatch(PlannedEvent::warning);
        assertThat(decision.events().get(0).message()).startsWith("window " + W1 + " has no export for b past the 45m grace period; the usage query returned no series for b");
        // The two tenants' drift is one Event of the rotation, counted twice, once recorded.
        assertThat(EventAggregation.collapse(decision.events())).extracting(e -> e.reason() + "x" + e.count())
                .containsExactly("ExportLatex1", "DriftDetectedx2");
        // 02:00 closes at 03:00 and turns late at 03:45: that is the next moment that matters.
        assertThat(decision.requeue()).contains(Duration.ofMinutes(15).plusMillis(500));
        assertThat(decision.next().keyAction()).isEqualTo(KeyAction.NONE);
    }

    @Test
    void theNextWindowIsSignedOnceItHasSettled() {
        var decision = plan(List.of(), Instant.parse("2026-11-25T03:02:00Z"), prometheus(Map.of(), Map.of()));
        // Windows close on the hour; 02:00-03:00 is queried 5 minutes after (a quarter window, half the grace, at most 5m).
        assertThat(decision.requeue()).contains(Duration.ofMinutes(3).plusMillis(500));
    }

    @Test
    void aSecondPassRepeatsNeitherTheDriftQueriesNorTheEvents() {
        delivered(W0, "a", 1000);
        delivered(W0, "b", 1000);
        delivered(W1, "a", 10);
        mr.setStatus(plan(List.of(), NOW, prometheus(Map.of(), Map.of("a", 1000.0, "b", 1000.0))).next().status());
        queried.clear();
        var again = plan(List.of(), NOW.plusSeconds(60), prometheus(Map.of(), Map.of("a", 1000.0, "b", 1000.0)));
        assertThat(queried).filteredOn(q -> q.contains("metering_usage")).isEmpty();
        assertThat(again.events()).isEmpty();
        assertThat(again.next().status().getLateWindows()).hasSize(1);
    }

    @Test
    void aNewRotationWhoseSinceIsFarBackReportsItsLateWindowsAsOneEventWithACount() {
        mr = MeteringRotations.rotation("ns", "usage", List.of("a", "b"), "http://prometheus:9090", "1h", NOW.minus(Duration.ofHours(30)), "45m");
        var decision = plan(List.of(), NOW, prometheus(Map.of(), Map.of()));
        var late = decision.next().status().getLateWindows();
        assertThat(late).as("every closed window past its grace period").hasSizeGreaterThanOrEqualTo(29);
        assertThat(decision.events()).filteredOn(e -> e.reason().equals("ExportLate")).singleElement().satisfies(e -> {
            assertThat(e.warning()).isTrue();
            assertThat(e.count()).isEqualTo(late.size());
            assertThat(e.message()).startsWith(late.size() + " windows have no export past the 45m grace period, "
                    + late.get(0).window() + " to " + late.get(late.size() - 1).window());
        });

        // One more window turns late an hour later: the same Event (same series), counted once more.
        mr.setStatus(decision.next().status());
        var later = plan(List.of(), NOW.plus(Duration.ofHours(1)), prometheus(Map.of(), Map.of()));
        assertThat(later.events()).filteredOn(e -> e.reason().equals("ExportLate")).singleElement().satisfies(e -> {
            assertThat(e.count()).isEqualTo(1);
            assertThat(e.aggregationKey()).isEqualTo(decision.events().stream().filter(d -> d.reason().equals("ExportLate"))
                    .findFirst().orElseThrow().aggregationKey());
        });
    }

    @Test
    void meteringWithoutAnAnswerIsUnknownNeverWithin() {
        delivered(W0, "a", 1000);
        var decision = plan(List.of(), NOW, (query, at) -> QueryResult.error("Prometheus at http://prometheus:9090 unreachable"));
        assertThat(decision.next().status().getVariances()).singleElement()
                .satisfies(v -> assertThat(v.verdict()).isEqualTo(VarianceVerdict.Unknown));
        assertThat(decision.events()).extracting(PlannedEvent::reason).doesNotContain("DriftDetected");
    }

    @Test
    void aRotateAnnotationRotatesOnceAndSchedulesTheNextRotation() {
        mr.getMetadata().setAnnotations(Map.of(MeteringPlanner.ROTATE, "1"));
        var first = plan(List.of(), NOW, prometheus(Map.of(), Map.of()));
        assertThat(first.next().keyAction()).isEqualTo(KeyAction.ROTATE);
        assertThat(first.next().status().getHandledRotation()).isEqualTo("1");
        assertThat(first.next().status().getNextRotationAt()).isEqualTo("2026-12-01T00:00:00Z");
        mr.setStatus(first.next().status());
        assertThat(plan(List.of(), NOW.plusSeconds(5), prometheus(Map.of(), Map.of())).next().keyAction()).as("the same value is handled")
                .isEqualTo(KeyAction.NONE);
    }

    @Test
    void aDueRotationIsRehearsedWhenTheSpecSaysRehearse() {
        var rotation = new MeteringRotationSpec.KeyRotationSpec();
        rotation.setRehearse(true);
        mr.getSpec().setRotation(rotation);
        var status = new MeteringRotationStatus();
        status.setNextRotationAt(NOW.minusSeconds(1).toString());
        mr.setStatus(status);
        var decision = plan(List.of(), NOW, prometheus(Map.of(), Map.of()));
        assertThat(decision.next().keyAction()).isEqualTo(KeyAction.REHEARSE);
        assertThat(decision.next().status().getNextRotationAt()).as("the schedule moves on").isEqualTo("2026-12-01T00:00:00Z");
    }

    @Test
    void keyFieldsComeFromTheRingAndTheRetiredKeyIsNamedForTheOverlap() {
        var first = Ed25519Keys.generate().getPublic();
        var second = Ed25519Keys.generate().getPublic();
        var ring = KeyRing.of("p", first, T0.toString()).rotate(second, NOW.toString());
        var next = new MeteringRotationStatus();
        var events = MeteringPlanner.keyDone(next, KeyAction.ROTATE, ring, Optional.empty(), Duration.ofHours(1), NOW);
        assertThat(next.getKeyId()).isEqualTo(Ed25519Keys.keyId(second));
        assertThat(next.getPreviousKeyId()).isEqualTo(Ed25519Keys.keyId(first));
        assertThat(next.getKeyRotatedAt()).isEqualTo(NOW.toString());
        assertThat(events).singleElement().satisfies(e -> assertThat(e.message()).contains("stays in the published key ring"));
        var later = new MeteringRotationStatus();
        MeteringPlanner.keyDone(later, KeyAction.NONE, ring, Optional.empty(), Duration.ofHours(1), NOW.plus(Duration.ofHours(2)));
        assertThat(later.getPreviousKeyId()).as("past the overlap").isNull();
    }

    private Decision<MeteringPlanner.Plan> plan(List<Receipt> receipts, Instant now, BiFunction<String, Instant, QueryResult> prometheus) {
        return MeteringPlanner.plan(mr, archive, receipts, T0, now, prometheus);
    }

    /** Usage queries (usage_store_units_total) answer from usage, metered ones from metered; any other tenant: no series. */
    private BiFunction<String, Instant, QueryResult> prometheus(Map<String, Double> usage, Map<String, Double> metered) {
        return (query, at) -> {
            queried.add(query + "@" + at);
            var source = query.contains("usage_store_units_total") ? usage : metered;
            return source.entrySet().stream().filter(e -> query.contains("\"" + e.getKey() + "\"")).findFirst()
                    .map(e -> QueryResult.value(e.getValue())).orElse(QueryResult.noData("no series"));
        };
    }

    private void delivered(String window, String tenant, double total) {
        archive.put(window + "." + tenant, new ArchivedExport(window, tenant, total, "d", "k1", UsageExports.MEASURED, T0.toString(), true, null));
    }

    static UsageExports.Usage usage(String tenant, String window, double total) {
        var start = dev.missioncontrol.core.metering.UsageWindows.parseId(window);
        return UsageExports.Usage.measured(tenant, window, start.toString(), start.plusSeconds(3600).toString(), total, "units", "q",
                NOW.toString());
    }
}
