package dev.missioncontrol.operator.predictive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.AbuseRateGateSpec;
import dev.missioncontrol.operator.api.v1alpha1.AuditSamplingGateSpec;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveGatesSpec;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRollout;
import dev.missioncontrol.operator.api.v1alpha1.QuotaRejectionsGateSpec;
import dev.missioncontrol.operator.api.v1alpha1.QuotaSpec;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRolloutSpec;
import dev.missioncontrol.operator.api.v1alpha1.RemediationSpec.Milestone;
import dev.missioncontrol.operator.testing.ApiServerCrdTest;
import dev.missioncontrol.operator.testing.Actors;
import dev.missioncontrol.operator.testing.PredictiveRollouts;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The API server rejects incomplete go / no-go decisions, naming what is missing. No operator involved. */
@Tag("apiserver")
class PredictiveRolloutCrdTest extends ApiServerCrdTest {

    @Test
    void validDecisionsAreAcceptedWithDefaults() {
        var created = Actors.reviewer().resource(go("valid", r -> r.getSpec().getAnalysis().setBreachLimit(null))).create();
        assertThat(created.getSpec().getAnalysis().getBreachLimit()).isEqualTo("5m");
        assertThat(created.getSpec().getAnalysis().getGates().getAuditSampling().getThreshold()).isEqualTo(0.99);
        assertThat(created.getSpec().getAnalysis().getGates().getAbuseRate().getThreshold()).isEqualTo(0.02);
        Actors.reviewer().resource(PredictiveRollouts.noGo(namespace, "valid-no-go", "2027-01-01T00:00:00Z",
                List.of(new Milestone("m1", "t", "o", "2026-12-01T00:00:00Z", false)))).create();
    }

    @Test
    void incompleteDecisionsAreRejected() {
        assertRejected(go("no-waves", r -> r.getSpec().setWaves(new ArrayList<>())), "spec.decision go needs spec.waves");
        assertRejected(go("no-drill", r -> r.getSpec().setRehearsal(null)), "spec.decision go needs spec.waves, spec.analysis and spec.rehearsal");
        assertRejected(go("twice", r -> r.getSpec().getWaves().add(new PredictiveRolloutSpec.Wave(List.of("p-one")))),
                "a tenant may appear in one wave only");
        var noPlan = PredictiveRollouts.noGo(namespace, "no-plan", "2027-01-01T00:00:00Z", List.of());
        noPlan.getSpec().setRemediation(null);
        assertRejected(noPlan, "spec.decision no-go needs spec.remediation");
        assertRejected(go("fast", r -> r.getSpec().getAnalysis().setInterval("0s")), "spec.analysis.interval must be at least 1s");
    }

    @Test
    void sharesGivenAsPercentagesAreRejected() {
        assertRejected(go("audit-percent", r -> gates(r).getAuditSampling().setThreshold(99.0)),
                "spec.analysis.gates.auditSampling.threshold", "should be less than or equal to 1");
        assertRejected(go("abuse-percent", r -> gates(r).getAbuseRate().setThreshold(2.0)),
                "spec.analysis.gates.abuseRate.threshold", "should be less than 1");
        assertRejected(go("quota-zero", r -> gates(r).getQuotaRejections().setThreshold(0.0)),
                "spec.analysis.gates.quotaRejections.threshold", "should be greater than 0");
        assertRejected(go("abuse-negative", r -> gates(r).getAbuseRate().setThreshold(-0.1)),
                "spec.analysis.gates.abuseRate.threshold", "should be greater than 0");
    }

    @Test
    void customQueriesAreMeasuredPerTenantWithOnlyTheirPlaceholders() {
        String only = "may use only the placeholders {{feature}}, {{tenant}}, {{window}} and {{namespace}}";
        assertRejected(go("plural", r -> gates(r).getAbuseRate().setQuery("x{tenant=~\"{{tenants}}\"}")),
                "spec.analysis.gates.abuseRate.query", only);
        assertRejected(go("spaced", r -> gates(r).getAbuseRate().setQuery("x{tenant=\"{{tenant }}\"}")),
                "spec.analysis.gates.abuseRate.query", only);
        assertRejected(go("cohort", r -> gates(r).getAuditSampling().setQuery("x{tenant=\"{{tenant}}\",c=\"{{cohort}}\"}")),
                "spec.analysis.gates.auditSampling.query", only);
        assertRejected(go("all-tenants", r -> gates(r).getQuotaRejections().setQuery("sum(rate(rejected_total[{{window}}]))")),
                "spec.analysis.gates.quotaRejections.query", "is measured per tenant and must select one tenant with {{tenant}}");
        Actors.reviewer().resource(go("every-placeholder", r -> gates(r).getAbuseRate().setQuery(
                "sum(rate(abusive_total{feature=\"{{feature}}\",tenant=\"{{tenant}}\",namespace=\"{{namespace}}\"}[{{window}}]))"
                        + " / sum(rate(requests_total{tenant=\"{{tenant}}\"}[{{window}}]))"))).dryRun().create();
    }

    @Test
    void fieldsThatDisagreeOrAreBlankOrImpossibleAreRejected() {
        assertRejected(go("stranger-override", r -> r.getSpec().getQuotas().setOverrides(new ArrayList<>(List.of(
                new QuotaSpec.TenantQuota("p-three", 10, null))))), "spec.quotas.overrides", "must name a tenant of spec.waves");
        assertRejected(go("blank-memo", r -> r.getSpec().setDecisionMemo("   ")), "spec.decisionMemo", "must not be empty or whitespace only");
        assertRejected(go("image-space", r -> r.getSpec().getRehearsal().setImage("registry.example.com/drill: 1.0")),
                "spec.rehearsal.image", "should match");
        assertRejected(go("six-fields", r -> r.getSpec().getRehearsal().setSchedule("0 0 3 * * 1")), "spec.rehearsal.schedule",
                "must be a cron schedule as a Kubernetes CronJob takes it");
        assertRejected(go("bad-macro", r -> r.getSpec().getRehearsal().setSchedule("@fortnightly")), "spec.rehearsal.schedule",
                "must be a cron schedule as a Kubernetes CronJob takes it");
        assertRejected(go("hour-24", r -> r.getSpec().getRehearsal().setSchedule("0 24 * * 1")), "spec.rehearsal.schedule",
                "must be a cron schedule");
        assertRejected(PredictiveRollouts.noGo(namespace, "feb-30", "2027-02-30T00:00:00Z",
                List.of(new Milestone("m1", "t", "o", "2026-12-01T00:00:00Z", false))), "spec.remediation.reReviewDate", "must be a real date");
        assertRejected(PredictiveRollouts.noGo(namespace, "not-leap", "2027-01-01T00:00:00Z",
                List.of(new Milestone("m1", "t", "o", "2027-02-29T00:00:00Z", false))), "spec.remediation.milestones[0].due", "must be a real date");
        assertRejected(PredictiveRollouts.noGo(namespace, "dup-milestones", "2027-01-01T00:00:00Z",
                List.of(new Milestone("m1", "t", "o", "2026-12-01T00:00:00Z", false), new Milestone("m1", "u", "o", "2026-12-02T00:00:00Z", false))),
                "spec.remediation.milestones[1]", "Duplicate value");
        assertRejected(PredictiveRollouts.noGo(namespace, "blank-owner", "2027-01-01T00:00:00Z",
                List.of(new Milestone("m1", "t", " ", "2026-12-01T00:00:00Z", false))), "spec.remediation.milestones[0].owner",
                "must not be empty or whitespace only");
        // CronJob's descriptors and a leap day are accepted.
        for (String schedule : List.of("@weekly", "@daily", "*/15 2-4 ? jan-MAR mon,fri", "0 3 * * 0-6/2")) {
            Actors.reviewer().resource(go("drill-" + Math.abs(schedule.hashCode()), r -> r.getSpec().getRehearsal().setSchedule(schedule))).dryRun().create();
        }
        Actors.reviewer().resource(PredictiveRollouts.noGo(namespace, "leap-day", "2028-02-29T12:00:00+01:00",
                List.of(new Milestone("m1", "t", "o", "2026-12-01T00:00:00.5Z", false)))).dryRun().create();
    }

    @Test
    void theFeatureCannotBeRenamed() {
        Actors.reviewer().resource(go("named", r -> { })).create();
        assertChangeRejected(PredictiveRollout.class, "named", "{\"spec\":{\"feature\":\"another-feature\"}}", "spec.feature",
                "spec.feature cannot change");
    }

    private static PredictiveGatesSpec gates(PredictiveRollout r) {
        var analysis = r.getSpec().getAnalysis();
        if (analysis.getGates() == null) {
            var gates = new PredictiveGatesSpec();
            gates.setAuditSampling(new AuditSamplingGateSpec());
            gates.setAbuseRate(new AbuseRateGateSpec());
            gates.setQuotaRejections(new QuotaRejectionsGateSpec());
            analysis.setGates(gates);
        }
        return analysis.getGates();
    }

    private PredictiveRollout go(String name, Consumer<PredictiveRollout> change) {
        var r = PredictiveRollouts.go(namespace, name, "http://prometheus:9090", "1m", new ArrayList<>(List.of(List.of("p-one"), List.of("p-two"))));
        change.accept(r);
        return r;
    }
}
