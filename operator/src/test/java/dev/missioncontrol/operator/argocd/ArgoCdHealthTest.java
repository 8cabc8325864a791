package dev.missioncontrol.operator.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.core.audit.AuditEntry;
import dev.missioncontrol.core.audit.AuditTrail;
import dev.missioncontrol.operator.api.v1alpha1.ConnectPhase;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohortStatus;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.LateWindow;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus.Variance;
import dev.missioncontrol.operator.api.v1alpha1.PredictivePhase;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRolloutStatus;
import dev.missioncontrol.operator.api.v1alpha1.RolloutPhase;
import dev.missioncontrol.operator.api.v1alpha1.SourceCounts;
import dev.missioncontrol.operator.api.v1alpha1.Transition;
import dev.missioncontrol.operator.api.v1alpha1.VarianceVerdict;
import dev.missioncontrol.operator.federation.FederationCohortStatusAggregator;
import dev.missioncontrol.operator.federation.GatewayReadiness;
import dev.missioncontrol.operator.federation.rollout.RolloutState;
import dev.missioncontrol.operator.marketplace.ConnectRequestStatusAggregator;
import dev.missioncontrol.operator.marketplace.MarketplaceSourceStatusAggregator;
import dev.missioncontrol.operator.marketplace.PilotSlots;
import dev.missioncontrol.operator.marketplace.SourceAssessment;
import dev.missioncontrol.operator.marketplace.SourceStanding;
import dev.missioncontrol.operator.metering.MeteringRotationStatusAggregator;
import dev.missioncontrol.operator.predictive.PredictiveRolloutStatusAggregator;
import dev.missioncontrol.operator.slo.ErrorBudget.Measurement;
import dev.missioncontrol.operator.slo.SearchSLOStatusAggregator;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import dev.missioncontrol.operator.testing.ArgoCdHealth;
import dev.missioncontrol.operator.testing.ArgoCdHealth.Health;
import dev.missioncontrol.operator.testing.ConnectRequests;
import dev.missioncontrol.operator.testing.FederationCohorts;
import dev.missioncontrol.operator.testing.MarketplaceSources;
import dev.missioncontrol.operator.testing.MeteringRotations;
import dev.missioncontrol.operator.testing.PredictiveRollouts;
import dev.missioncontrol.operator.testing.SearchSLOs;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Argo CD health checks in deploy/argocd/health, run by a Lua interpreter (LuaJ) on statuses the operator's own
 * aggregators build, so a script that reads a condition the operator does not write, or maps a state to the wrong health,
 * fails here. Argo CD runs the scripts with gopher-lua (Lua 5.1); they use nothing newer.
 */
@Tag("unit")
class ArgoCdHealthTest {

    static final Path HEALTH = ArgoCdHealth.DIR;
    static final Clock T0 = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void everyKindHasAHealthCheck() throws IOException {
        List<String> kinds = new ArrayList<>();
        var serialization = new KubernetesSerialization();
        try (Stream<Path> crds = Files.list(Path.of("..", "crds"))) {
            for (Path crd : crds.sorted().toList()) {
                kinds.add(serialization.unmarshal(Files.readString(crd), CustomResourceDefinition.class).getSpec().getNames().getKind());
            }
        }
        assertThat(kinds).as("the kinds of crds/ are the kinds the API types declare")
                .containsExactlyInAnyOrderElementsOf(dev.missioncontrol.operator.testing.ApiKinds.declared()).isNotEmpty();
        try (Stream<Path> dirs = Files.list(HEALTH)) {
            assertThat(dirs.map(d -> d.getFileName().toString()).sorted().toList()).isEqualTo(kinds.stream().sorted().toList());
        }
        for (String kind : kinds) {
            assertThat(HEALTH.resolve(kind).resolve("health.lua")).exists();
        }
    }

    /** What every script does first: nothing to judge before the operator reported on this spec; Stalled is Degraded. */
    @Test
    void everyKindIsProgressingUntilItsSpecIsObservedAndDegradedWhenStalled() throws IOException {
        for (String kind : List.of("FederationCohort", "PredictiveRollout", "ConnectRequest", "MeteringRotation", "MarketplaceSource",
                "SearchSLO", "ExplanationExport", "CacheWarmExperiment", "AccessReview", "AccessReviewSignOff", "LicenseRegistry",
                "OnboardingPack", "TenantOnboarding")) {
            var fresh = Map.of("metadata", Map.of("name", "x", "generation", 1));
            assertThat(run(kind, fresh)).as(kind + " without status").extracting(Health::status).isEqualTo("Progressing");
            var stale = Map.of("metadata", Map.of("generation", 3), "status", Map.of("observedGeneration", 2, "conditions",
                    List.of(Map.of("type", "Ready", "status", "True", "reason", "R", "message", "ready at 2"))));
            assertThat(run(kind, stale)).as(kind + " with a newer spec").isEqualTo(new Health("Progressing",
                    "Waiting for the operator to report on generation 3"));
            var stalled = Map.of("metadata", Map.of("generation", 2), "status", Map.of("observedGeneration", 2, "conditions", List.of(
                    Map.of("type", "Ready", "status", "False", "reason", "Forbidden", "message", "configmaps is forbidden"),
                    Map.of("type", "Stalled", "status", "True", "reason", "Forbidden", "message", "configmaps is forbidden"))));
            assertThat(run(kind, stalled)).as(kind + " stalled").isEqualTo(new Health("Degraded", "configmaps is forbidden"));
        }
    }

    @Test
    void aCohortIsProgressingWhileItsRolloutWalksSuspendedWhenPausedDegradedOnFallbackHealthyWhenPromoted() throws IOException {
        var available = new GatewayReadiness(true, false, 2, "DeploymentAvailable", "2/2 available.");
        assertThat(cohort(available, RolloutPhase.Progressing).status()).isEqualTo("Progressing");
        assertThat(cohort(available, RolloutPhase.Paused)).isEqualTo(new Health("Suspended",
                "Paused at step 1/1; remove the missioncontrol.dev/pause annotation to resume."));
        assertThat(cohort(available, RolloutPhase.FallenBack).status()).isEqualTo("Degraded");
        assertThat(cohort(available, RolloutPhase.Aborted).status()).isEqualTo("Degraded");
        assertThat(cohort(available, RolloutPhase.Promoted).status()).isEqualTo("Healthy");
        var progressing = new GatewayReadiness(false, false, 1, "DeploymentProgressing", "1/2 available.");
        assertThat(cohort(progressing, RolloutPhase.Promoted)).isEqualTo(new Health("Progressing", "1/2 available."));
    }

    @Test
    void aPredictiveRolloutIsDegradedWhileAGateIsBreachedSuspendedWhileHeldForADrill() throws IOException {
        assertThat(predictive(PredictivePhase.Progressing).status()).isEqualTo("Progressing");
        assertThat(predictive(PredictivePhase.Paused).status()).isEqualTo("Degraded");
        assertThat(predictive(PredictivePhase.HeldForDrill).status()).isEqualTo("Suspended");
        assertThat(predictive(PredictivePhase.Completed).status()).isEqualTo("Healthy");
        var noGo = PredictiveRollouts.noGo("ns", "n", "2027-01-15T10:00:00Z", List.of());
        noGo.getMetadata().setGeneration(1L);
        noGo.setStatus(PredictiveRolloutStatusAggregator.build(noGo, planned(PredictivePhase.NoGo), AlertRules.NONE, T0));
        assertThat(run("PredictiveRollout", noGo).status()).isEqualTo("Healthy");
    }

    @Test
    void aRequestIsSuspendedUntilAnApproverDecidesHealthyWhenConnectedDegradedWhenRejected() throws IOException {
        List<AuditEntry> pending = AuditTrail.append(List.of(), "2026-11-25T10:00:00Z", "alice", "", ConnectPhase.Pending.name(), List.of(), "asked");
        assertThat(request(pending)).isEqualTo(new Health("Suspended", "Waiting for an approver to set spec.decision (approve or reject)."));
        var approved = AuditTrail.append(pending, "2026-11-25T10:01:00Z", "bob", "Pending", "Approved", List.of(), "ok");
        assertThat(request(AuditTrail.append(approved, "2026-11-25T10:01:01Z", "operator", "Approved", "Connected", List.of(), "on")).status())
                .isEqualTo("Healthy");
        assertThat(request(AuditTrail.append(pending, "2026-11-25T10:01:00Z", "bob", "Pending", "Rejected", List.of(), "no")).status())
                .isEqualTo("Degraded");
    }

    @Test
    void aRotationIsDegradedWhenWindowsAreLateOrUsageDriftsHealthyWhenOnTime() throws IOException {
        assertThat(metering(new MeteringRotationStatus()).status()).isEqualTo("Healthy");
        var late = new MeteringRotationStatus();
        late.setLateWindows(List.of(new LateWindow("20261125T010000Z", List.of("b"))));
        assertThat(metering(late).status()).isEqualTo("Degraded");
        assertThat(metering(late).message()).contains("20261125T010000Z");
        var drift = new MeteringRotationStatus();
        drift.setVariances(List.of(new Variance("20261125T000000Z", "b", 1000.0, 995.0, 0.005, VarianceVerdict.Drift)));
        assertThat(metering(drift).status()).isEqualTo("Degraded");
        assertThat(metering(drift).message()).contains("tenant b");
    }

    @Test
    void aSourceAndAnSloFollowReady() throws IOException {
        var source = MarketplaceSources.source("ns", "s", "cm", MarketplaceSources.TERMS, Instant.parse("2030-01-01T00:00:00Z"));
        source.getMetadata().setGeneration(1L);
        var ok = new SourceAssessment(new SourceAssessment.Verdict(true, "Approved", "ok"), new SourceAssessment.Verdict(true, "HashMatches", "ok"),
                "abc", Optional.empty());
        source.setStatus(MarketplaceSourceStatusAggregator.build(source, ok, new PilotSlots.Decision(true, "Live", "Took a pilot slot."), T0));
        assertThat(run("MarketplaceSource", source)).isEqualTo(new Health("Healthy", "Took a pilot slot."));
        source.setStatus(MarketplaceSourceStatusAggregator.build(source, ok, new PilotSlots.Decision(false, PilotSlots.CAP_REACHED, "All taken."), T0));
        assertThat(run("MarketplaceSource", source)).isEqualTo(new Health("Degraded", "All taken."));

        var slo = SearchSLOs.availability("ns", "s");
        slo.getMetadata().setGeneration(1L);
        slo.getSpec().setPrometheus(new dev.missioncontrol.operator.api.v1alpha1.SearchSLOSpec.Prometheus("http://prometheus:9090"));
        slo.setStatus(SearchSLOStatusAggregator.build(slo, Optional.of(new Measurement(0.5, 99.95, List.of(), null, null)), AlertRules.NONE, T0));
        assertThat(run("SearchSLO", slo).status()).isEqualTo("Healthy");
        slo.setStatus(SearchSLOStatusAggregator.build(slo, Optional.of(new Measurement(null, null, List.of(), null, null)), AlertRules.NONE, T0));
        assertThat(run("SearchSLO", slo).status()).isEqualTo("Progressing");
    }

    private static Health cohort(GatewayReadiness gateway, RolloutPhase phase) throws IOException {
        FederationCohort cohort = FederationCohorts.cohort("ns", "c1", List.of("acme", "globex"));
        cohort.getMetadata().setGeneration(2L);
        var previous = new FederationCohortStatus();
        previous.setPhase(phase);
        previous.setCurrentStep(0);
        previous.setEnabledTenants(List.of("acme"));
        previous.setHistory(List.of(new Transition("2026-11-25T09:00:00Z", "Progressing", phase.name(), phase.name(), "entered " + phase)));
        cohort.setStatus(FederationCohortStatusAggregator.build(cohort, gateway, RolloutState.from(previous), 1, new SourceCounts(1, 0, 0), T0));
        return run("FederationCohort", cohort);
    }

    private static Health predictive(PredictivePhase phase) throws IOException {
        var rollout = PredictiveRollouts.go("ns", "r", "http://p", "3m", List.of(List.of("acme"), List.of("globex")));
        rollout.getMetadata().setGeneration(1L);
        rollout.setStatus(PredictiveRolloutStatusAggregator.build(rollout, planned(phase), AlertRules.NONE, T0));
        return run("PredictiveRollout", rollout);
    }

    private static PredictiveRolloutStatus planned(PredictivePhase phase) {
        var s = new PredictiveRolloutStatus();
        s.setPhase(phase);
        s.setCurrentWave(0);
        s.setEnabledTenants(List.of("acme"));
        return s;
    }

    private static Health request(List<AuditEntry> trail) throws IOException {
        var request = ConnectRequests.request("ns", "r", "s", "acme", null);
        request.getMetadata().setGeneration(1L);
        request.setStatus(ConnectRequestStatusAggregator.verified(request, ConnectRequestStatusAggregator.conditions(request, T0), trail, "k1",
                Optional.empty(), new SourceStanding(true, true, true, true, List.of(), "")));
        return run("ConnectRequest", request);
    }

    private static Health metering(MeteringRotationStatus next) throws IOException {
        var mr = MeteringRotations.rotation("ns", "usage", List.of("a", "b"), "http://p", "1h", Instant.parse("2026-11-25T00:00:00Z"), "45m");
        mr.getMetadata().setGeneration(1L);
        mr.setStatus(MeteringRotationStatusAggregator.build(mr, next, AlertRules.NONE, T0));
        return run("MeteringRotation", mr);
    }

    static Health run(String kind, Object resource) throws IOException {
        return ArgoCdHealth.run(kind, resource);
    }
}
