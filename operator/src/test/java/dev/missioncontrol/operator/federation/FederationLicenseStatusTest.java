package dev.missioncontrol.operator.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohortStatus;
import dev.missioncontrol.operator.api.v1alpha1.LicenseDriftPolicy;
import dev.missioncontrol.operator.api.v1alpha1.LicenseSpec;
import dev.missioncontrol.operator.api.v1alpha1.LicenseState;
import dev.missioncontrol.operator.api.v1alpha1.LicenseTextRef;
import dev.missioncontrol.operator.api.v1alpha1.ProvenanceStatus;
import dev.missioncontrol.operator.api.v1alpha1.SourceLicenseStatus;
import dev.missioncontrol.operator.federation.provenance.PlanChainWriter;
import dev.missioncontrol.operator.federation.rollout.AfterCohort;
import dev.missioncontrol.operator.federation.rollout.RolloutState;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import dev.missioncontrol.operator.testing.FederationCohorts;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The cohort's license conditions, the plan's decisions under drift, the drift Event and ProvenanceRecorded. */
@Tag("unit")
class FederationLicenseStatusTest {

    static final Clock T0 = Clock.fixed(Instant.parse("2026-12-01T04:00:00Z"), ZoneOffset.UTC);
    static final GatewayReadiness AVAILABLE = new GatewayReadiness(true, false, 2, "DeploymentAvailable", "2/2 available.");
    static final String OLD = "a".repeat(64);
    static final String NEW = "b".repeat(64);

    static FederationCohort cohort(LicenseDriftPolicy policy) {
        var cohort = FederationCohorts.cohort("search", "cohort-1", List.of("acme"));
        cohort.getMetadata().setGeneration(1L);
        var license = new LicenseSpec("MIT", List.of());
        license.setTextRef(new LicenseTextRef(LicenseTextRef.Kind.ConfigMap, "mit", "LICENSE"));
        license.setTextSha256(OLD);
        cohort.getSpec().getSearch().getIndexes().get(1).setLicense(license);
        cohort.getSpec().getSearch().setLicenseDriftPolicy(policy);
        return cohort;
    }

    static FederationCohortStatus build(FederationCohort cohort, List<SourceLicenseStatus> licenses) {
        return FederationCohortStatusAggregator.build(cohort, AVAILABLE, RolloutState.from(cohort.getStatus()), 1,
                FederationPlan.of(cohort, Optional.ofNullable(cohort.getStatus()), licenses), AfterCohort.NONE, AlertRules.NONE, T0);
    }

    static SourceLicenseStatus drift() {
        return new SourceLicenseStatus("docs", LicenseState.Drift, OLD, NEW, NEW, "Index docs: hashes to " + NEW + " but pinned " + OLD);
    }

    @Test
    void verifiedTextsSayWhichMatchAndNoDrift() {
        var cohort = cohort(null);
        var status = build(cohort, List.of(new SourceLicenseStatus("docs", LicenseState.Verified, OLD, OLD, NEW, "ok")));
        assertThat(Conditions.find(status.getConditions(), "LicenseVerified").orElseThrow().getStatus()).isEqualTo("True");
        assertThat(Conditions.find(status.getConditions(), "LicenseDrift").orElseThrow().getReason()).isEqualTo("NoDrift");
        assertThat(status.getLicenses()).hasSize(1);
        assertThat(status.getSources().blended()).isEqualTo(2);
    }

    @Test
    void driftBlocksByDefaultDemotesByPolicyAndIsOneEventUntilItChanges() {
        var cohort = cohort(null);
        var status = build(cohort, List.of(drift()));
        var condition = Conditions.find(status.getConditions(), "LicenseDrift").orElseThrow();
        assertThat(condition.getStatus()).isEqualTo("True");
        assertThat(condition.getMessage()).contains("Policy Block", OLD, NEW, "docs");
        assertThat(Conditions.find(status.getConditions(), "LicenseVerified").orElseThrow().getReason()).isEqualTo("LicenseDrift");
        assertThat(status.getSources().blocked()).isEqualTo(1);
        var plan = FederationPlan.of(cohort, Optional.of(status), status.getLicenses());
        assertThat(plan.decisions().get(1).clause()).isEqualTo("LicenseDrift");
        assertThat(plan.gateway().indexes()).extracting(FederationPlan.Index::name).containsExactly("products");

        var event = FederationCohortStatusAggregator.licenseDriftEvent(cohort, status).orElseThrow();
        assertThat(event.reason()).isEqualTo("LicenseDrift");
        cohort.setStatus(status);
        assertThat(FederationCohortStatusAggregator.licenseDriftEvent(cohort, build(cohort, List.of(drift())))).isEmpty();
        var repinned = build(cohort, List.of(new SourceLicenseStatus("docs", LicenseState.Verified, NEW, NEW, NEW, "ok")));
        assertThat(FederationCohortStatusAggregator.licenseDriftEvent(cohort, repinned).orElseThrow().reason()).isEqualTo("LicenseDriftResolved");
        assertThat(Conditions.find(repinned.getConditions(), "LicenseDrift").orElseThrow().getStatus()).isEqualTo("False");

        var demoting = cohort(LicenseDriftPolicy.Demote);
        var demoted = build(demoting, List.of(drift()));
        assertThat(demoted.getSources().demoted()).isEqualTo(1);
        assertThat(FederationPlan.of(demoting, Optional.of(demoted), demoted.getLicenses()).gateway().indexes())
                .extracting(FederationPlan.Index::name).containsExactly("products", "docs");
    }

    @Test
    void aMissingTextIsLicenseTextMissingAndBlocked() {
        var status = build(cohort(LicenseDriftPolicy.Demote), List.of(new SourceLicenseStatus("docs", LicenseState.Missing, OLD, null, null,
                "Index docs: ConfigMap mit (key LICENSE) was not found.")));
        var verified = Conditions.find(status.getConditions(), "LicenseVerified").orElseThrow();
        assertThat(verified.getStatus()).isEqualTo("False");
        assertThat(verified.getReason()).isEqualTo("LicenseTextMissing");
        assertThat(status.getSources().blocked()).isEqualTo(1);
    }

    @Test
    void cohortsWithoutLicenseTextsKeepTheirConditions() {
        var cohort = FederationCohorts.cohort("search", "plain", List.of("acme"));
        var status = build(cohort, List.of());
        assertThat(Conditions.find(status.getConditions(), "LicenseVerified")).isEmpty();
        assertThat(Conditions.find(status.getConditions(), "LicenseDrift")).isEmpty();
    }

    @Test
    void provenanceRecordedSaysTheHeadOrWhatToDo() {
        var cohort = cohort(null);
        var status = build(cohort, List.of());
        var head = new ProvenanceStatus("c".repeat(64), 2);
        FederationCohortStatusAggregator.provenance(cohort, status,
                new PlanChainWriter.Outcome(Optional.of(head), Optional.empty(), Optional.empty()), T0);
        assertThat(status.getProvenance()).isEqualTo(head);
        assertThat(Conditions.find(status.getConditions(), "ProvenanceRecorded").orElseThrow().getMessage()).contains("cohort-1-plan-2");
        FederationCohortStatusAggregator.provenance(cohort, status, new PlanChainWriter.Outcome(Optional.of(head),
                Optional.of(PlanChainWriter.BROKEN), Optional.of("delete it")), T0);
        var broken = Conditions.find(status.getConditions(), "ProvenanceRecorded").orElseThrow();
        assertThat(broken.getReason()).isEqualTo("ProvenanceChainBroken");
        assertThat(status.getConditions()).filteredOn(c -> c.getType().equals("ProvenanceRecorded")).hasSize(1);
    }
}
