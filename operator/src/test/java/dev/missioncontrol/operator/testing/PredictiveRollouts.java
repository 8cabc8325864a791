package dev.missioncontrol.operator.testing;

import dev.missioncontrol.operator.api.v1alpha1.PredictiveAnalysisSpec;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRollout;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRolloutSpec;
import dev.missioncontrol.operator.api.v1alpha1.PrometheusSpec;
import dev.missioncontrol.operator.api.v1alpha1.QuotaSpec;
import dev.missioncontrol.operator.api.v1alpha1.RehearsalSpec;
import dev.missioncontrol.operator.api.v1alpha1.RemediationSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds PredictiveRollouts for tests. Each decision names {@link Actors#REVIEWER} in spec.decidedBy, so the admission
 * policies accept it when that reviewer creates it: {@code Actors.reviewer().resource(rollout).create()}.
 */
public final class PredictiveRollouts {

    private PredictiveRollouts() {
    }

    /** A go decision over the given waves, analysed every 2 s on the given Prometheus. */
    public static PredictiveRollout go(String namespace, String name, String prometheus, String breachLimit, List<List<String>> waves) {
        var analysis = new PredictiveAnalysisSpec();
        analysis.setInterval("2s");
        analysis.setWindow("10s");
        analysis.setBreachLimit(breachLimit);
        analysis.setPrometheus(new PrometheusSpec(prometheus));
        var rehearsal = new RehearsalSpec();
        rehearsal.setSchedule("0 3 * * 1");
        rehearsal.setImage("registry.example.com/rollback-drill:1.0");
        rehearsal.setCommand(new ArrayList<>(List.of("/drill", "--feature", SearchMetrics.FEATURE)));
        rehearsal.setMaxAgeDays(7);
        var quotas = new QuotaSpec();
        quotas.setRequestsPerMinute(600);
        quotas.setDailyBudget(100000);
        var spec = new PredictiveRolloutSpec();
        spec.setFeature(SearchMetrics.FEATURE);
        spec.setDecision(PredictiveRolloutSpec.Decision.GO);
        spec.setDecisionMemo("ML-REVIEW-2026-11");
        spec.setDecidedBy(Actors.REVIEWER);
        spec.setWaves(new ArrayList<>(waves.stream().map(PredictiveRolloutSpec.Wave::new).toList()));
        spec.setQuotas(quotas);
        spec.setAnalysis(analysis);
        spec.setRehearsal(rehearsal);
        return wrap(namespace, name, spec);
    }

    public static PredictiveRollout noGo(String namespace, String name, String reReview, List<RemediationSpec.Milestone> milestones) {
        var remediation = new RemediationSpec();
        remediation.setReReviewDate(reReview);
        remediation.setMilestones(new ArrayList<>(milestones));
        var spec = new PredictiveRolloutSpec();
        spec.setFeature(SearchMetrics.FEATURE);
        spec.setDecision(PredictiveRolloutSpec.Decision.NO_GO);
        spec.setDecisionMemo("ML-REVIEW-2026-11: bias audit incomplete");
        spec.setDecidedBy(Actors.REVIEWER);
        spec.setRemediation(remediation);
        return wrap(namespace, name, spec);
    }

    private static PredictiveRollout wrap(String namespace, String name, PredictiveRolloutSpec spec) {
        var r = new PredictiveRollout();
        r.getMetadata().setName(name);
        r.getMetadata().setNamespace(namespace);
        r.setSpec(spec);
        r.setStatus(null);
        return r;
    }
}
