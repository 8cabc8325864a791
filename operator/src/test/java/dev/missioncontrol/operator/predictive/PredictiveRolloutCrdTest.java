package dev.missioncontrol.operator.predictive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.PredictiveRollout;
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

    private PredictiveRollout go(String name, Consumer<PredictiveRollout> change) {
        var r = PredictiveRollouts.go(namespace, name, "http://prometheus:9090", "1m", new ArrayList<>(List.of(List.of("p-one"), List.of("p-two"))));
        change.accept(r);
        return r;
    }
}
