package dev.missioncontrol.operator.metering;

import static dev.missioncontrol.operator.testing.Generated.between;
import static dev.missioncontrol.operator.testing.Generated.edgyBetween;
import static dev.missioncontrol.operator.testing.Generated.forAll;
import static dev.missioncontrol.operator.testing.Generated.listOf;
import static dev.missioncontrol.operator.testing.Generated.oneOf;
import static dev.missioncontrol.operator.testing.Generated.subset;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.core.audit.Ed25519Keys;
import dev.missioncontrol.core.metering.UsageExports;
import dev.missioncontrol.core.metering.UsageWindows;
import dev.missioncontrol.core.prometheus.QueryResult;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.Receipt;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import dev.missioncontrol.operator.testing.MeteringRotations;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Properties of MeteringRotation's planner over generated rotations (tenants, window, since, retention, grace),
 * usage answers per tenant and window (a value, a value of 0, no series, a failed query), attested windows, and
 * sequences of passes with the exporter delivering some of what is pending in between: a window without a series is
 * never signed unless attested; a series is signed with its value, 0 as 0; each (tenant, window) is signed at most
 * once; nothing outside spec.tenants, before since or beyond the retention horizon is signed; every closed window in
 * range that has a series is signed; and the planner fed its own output (status, archive, receipts) at the same
 * moment signs nothing, records no Event and plans the same status (no write at rest).
 */
@Tag("unit")
class MeteringPlannerPropertiesTest {

    static final String ATTESTER = "olga@platform.example";

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");
    static final List<String> TENANTS = List.of("acme", "globex", "initech", "umbrella");
    static final KeyPair KEY = Ed25519Keys.generate();
    static final String KEY_ID = Ed25519Keys.keyId(KEY.getPublic());

    enum Answer {
        VALUE, ZERO, NO_SERIES, ERROR
    }

    /**
     * @param answerSeed    seeds each (tenant, window end)'s answer, the same at every pass
     * @param attested      windows a person attested as zero, {@code tenant@window}
     * @param steps         the time from one pass to the next (the first from {@code firstPass})
     * @param deliverShares of what is pending after each pass, the share the exporter delivers before the next
     */
    record Scenario(List<String> tenants, String window, String grace, int retention, Instant since, Instant firstPass,
            long answerSeed, Set<String> attested, List<Duration> steps, List<Double> deliverShares) {
    }

    static Scenario scenario(Random random) {
        List<String> tenants = subset(random, TENANTS, 1, 3);
        String window = oneOf(random, "1h", "1h", "15m", "24h");
        Duration length = Duration.parse("PT" + window.toUpperCase());
        String grace = oneOf(random, "10m", "45m", "2h");
        int retention = edgyBetween(random, 1, 12);
        Instant since = T0.plus(length.multipliedBy(between(random, 0, 3))).plusSeconds(random.nextInt(2) * 60L * between(random, 1, 50));
        Instant firstPass = since.plus(length.multipliedBy(between(random, 0, retention + 6))).plusSeconds(60L * between(random, 0, 59));
        // Attested: windows around the scenario's span, some of which have no series.
        var windows = new UsageWindows(length);
        Set<String> attested = new HashSet<>();
        for (int i = 0; i < between(random, 0, 6); i++) {
            Instant start = windows.floor(since).plus(length.multipliedBy(between(random, -2, retention + 12)));
            attested.add(oneOf(random, tenants) + "@" + UsageWindows.id(start));
        }
        List<Duration> steps = listOf(random, 1, 5, r -> oneOf(r, Duration.ZERO, Duration.ofMinutes(between(r, 1, 20)),
                length.multipliedBy(between(r, 1, 3)).plusMinutes(between(r, 0, 30))));
        List<Double> shares = listOf(random, steps.size(), steps.size(), r -> oneOf(r, 0.0, 0.5, 1.0));
        return new Scenario(tenants, window, grace, retention, since, firstPass, random.nextLong(), attested, steps, shares);
    }

    static Answer answer(Scenario s, String tenant, Instant at) {
        long h = new Random(s.answerSeed() ^ tenant.hashCode() * 31L ^ at.getEpochSecond()).nextLong();
        return Answer.values()[(int) Math.floorMod(h, 4L)];
    }

    static BiFunction<String, Instant, QueryResult> prometheus(Scenario s) {
        return (query, at) -> {
            String tenant = TENANTS.stream().filter(t -> query.contains("\"" + t + "\"")).findFirst().orElseThrow();
            if (!query.contains("usage_store_units_total")) {
                return QueryResult.value(100.0); // metering, for the drift check
            }
            return switch (answer(s, tenant, at)) {
                case VALUE -> QueryResult.value(100.0);
                case ZERO -> QueryResult.value(0.0);
                case NO_SERIES -> QueryResult.noData("no series");
                case ERROR -> QueryResult.error("Prometheus at http://prometheus:9090 unreachable");
            };
        };
    }

    static MeteringRotation rotation(Scenario s) {
        var mr = MeteringRotations.rotation("ns", "usage", s.tenants(), "http://prometheus:9090", s.window(), s.since(), s.grace());
        mr.getSpec().setRetentionWindows(s.retention());
        mr.getMetadata().setGeneration(1L);
        mr.getMetadata().setCreationTimestamp(s.since().toString());
        if (!s.attested().isEmpty()) {
            mr.getMetadata().setAnnotations(new HashMap<>(Map.of(MeteringPlanner.ATTEST_ZERO, String.join(",", s.attested()),
                    MeteringPlanner.ATTESTED_BY, ATTESTER)));
        }
        return mr;
    }

    @Test
    void signsWhatHasASeriesOnceWithinTenantsAndRetentionAndNothingMoreAtRest() {
        forAll("signsWhatHasASeriesOnceWithinTenantsAndRetentionAndNothingMoreAtRest", 200, MeteringPlannerPropertiesTest::scenario,
                MeteringPlannerPropertiesTest::check);
    }

    static void check(Scenario s) throws Exception {
        var mr = rotation(s);
        var windows = new UsageWindows(mr.getSpec().getExport().window());
        Duration settle = MeteringPlanner.settle(windows.length(), mr.getSpec().gracePeriod());
        Map<String, ArchivedExport> archive = new TreeMap<>();
        List<Receipt> receipts = new ArrayList<>();
        Set<String> everSigned = new HashSet<>();
        var prometheus = prometheus(s);
        Random exporter = new Random(s.answerSeed());
        Instant now = s.firstPass();
        for (int pass = 0; pass < s.steps().size(); pass++) {
            var decision = MeteringPlanner.plan(mr, archive, receipts, T0, now, prometheus);
            var plan = decision.next();
            // Retention keeps the last retentionWindows windows before now: a window before that horizon is never signed
            // (its record would leave the archive at once, and the window be signed again).
            Instant horizon = windows.floor(now).minus(windows.length().multipliedBy(s.retention()));
            List<Instant> inRange = windows.closed(s.since(), now.minus(settle), s.retention()).stream()
                    .filter(start -> !start.isBefore(horizon)).toList();
            Set<String> signedNow = new HashSet<>();
            for (var u : plan.toSign()) {
                String key = u.window() + "." + u.tenant();
                Instant start = UsageWindows.parseId(u.window());
                Answer a = answer(s, u.tenant(), windows.end(start));
                assertThat(s.tenants()).as("signed only for spec.tenants: %s", key).contains(u.tenant());
                assertThat(inRange).as("signed only closed, settled windows from since within retention: %s at %s", key, now).contains(start);
                assertThat(start).as("not before since or the horizon: %s", key).isAfterOrEqualTo(windows.floor(s.since())).isAfterOrEqualTo(horizon);
                assertThat(everSigned.add(key) && signedNow.add(key)).as("each (tenant, window) signed at most once: %s", key).isTrue();
                assertThat(a).as("a failed query signs nothing: %s", key).isNotEqualTo(Answer.ERROR);
                if (a == Answer.NO_SERIES) {
                    assertThat(s.attested()).as("no series is signed only when attested: %s", key).contains(u.tenant() + "@" + u.window());
                    assertThat(u.attestedBy()).as("an attested zero names its attester: %s", key).isEqualTo(ATTESTER);
                    assertThat(u.basis()).isEqualTo(UsageExports.ATTESTED_ZERO);
                    assertThat(u.total()).isZero();
                } else {
                    assertThat(u.basis()).as("a series is measured, attested or not: %s", key).isEqualTo(UsageExports.MEASURED);
                    assertThat(u.attestedBy()).as("a measured total names no attester: %s", key).isNull();
                    assertThat(u.total()).as("signed with the series' value, 0 as 0: %s", key).isEqualTo(a == Answer.ZERO ? 0.0 : 100.0);
                }
            }
            // Every window in range with a series, not signed before, is signed now (far below MAX_QUERIES and MAX_PENDING).
            for (Instant start : inRange) {
                for (String tenant : s.tenants()) {
                    String key = UsageWindows.id(start) + "." + tenant;
                    Answer a = answer(s, tenant, windows.end(start));
                    if ((a == Answer.VALUE || a == Answer.ZERO) && !plan.archive().containsKey(key)) {
                        assertThat(signedNow).as("a series in range is signed: %s at %s", key, now).contains(key);
                    }
                }
            }

            // The reconciler's part: sign, archive, write the aggregated status.
            archive = new TreeMap<>(plan.archive());
            for (var u : plan.toSign()) {
                var signed = MeteringPlanner.sign(u, KEY.getPrivate(), KEY_ID);
                archive.put(signed.key(), signed);
            }
            var clock = Clock.fixed(now, ZoneOffset.UTC);
            var status = MeteringRotationStatusAggregator.build(mr, plan.status(), AlertRules.NONE, clock);
            mr.setStatus(status);

            // At rest: fed its own output at the same moment, the planner signs nothing, records nothing, plans the same status.
            var again = MeteringPlanner.plan(mr, archive, receipts, T0, now, prometheus);
            assertThat(again.next().toSign()).as("nothing new to sign at rest at %s", now).isEmpty();
            assertThat(again.events()).as("no Event at rest").isEmpty();
            assertThat(again.next().keyAction()).isEqualTo(MeteringPlanner.KeyAction.NONE);
            var statusAgain = MeteringRotationStatusAggregator.build(mr, again.next().status(), AlertRules.NONE, clock);
            assertThat(JSON.writeValueAsString(statusAgain)).as("no status write at rest").isEqualTo(JSON.writeValueAsString(status));
            assertThat(again.next().archive()).as("the archive is unchanged at rest").isEqualTo(archive);

            // The exporter delivers a share of what is pending, with the digest of the signed file.
            double share = s.deliverShares().get(pass);
            for (var r : archive.values()) {
                if (!r.delivered() && exporter.nextDouble() < share) {
                    receipts.add(new Receipt(r.window(), r.tenant(), r.total(), r.digest(), r.keyid()));
                }
            }
            now = now.plus(s.steps().get(pass));
        }
    }
}
