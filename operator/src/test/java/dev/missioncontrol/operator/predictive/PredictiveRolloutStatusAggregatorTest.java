package dev.missioncontrol.operator.predictive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.PredictivePhase;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRolloutStatus;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRolloutStatus.Breach;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.status.ScheduleCondition;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import dev.missioncontrol.operator.testing.KStatus;
import dev.missioncontrol.operator.testing.PredictiveRollouts;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class PredictiveRolloutStatusAggregatorTest {

    static final Clock T0 = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
    static final Clock T1 = Clock.fixed(Instant.parse("2026-11-25T10:05:00Z"), ZoneOffset.UTC);

    @Test
    void aBreachedWaveSaysWhichTenantAndGateAndWhenItIsRolledBack() {
        var rollout = PredictiveRollouts.go("ns", "r", "http://p", "3m", List.of(List.of("acme"), List.of("globex")));
        rollout.getMetadata().setGeneration(4L);
        var next = planned(PredictivePhase.Paused);
        next.setBreaches(List.of(new Breach("acme", "abuseRate", 0.05, "2026-11-25T09:59:00Z")));
        var status = PredictiveRolloutStatusAggregator.build(rollout, next, AlertRules.IN_PROMETHEUS_RULE, T0);

        assertThat(status.getObservedGeneration()).isEqualTo(4L);
        assertThat(Conditions.find(status.getConditions(), "WavePaused")).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("GateBreached");
            assertThat(c.getMessage()).contains("acme abuseRate 0.05").contains("after 3m is rolled back");
            assertThat(c.getObservedGeneration()).isEqualTo(4L);
        });
        assertThat(Conditions.find(status.getConditions(), "Progressing")).get().extracting(c -> c.getReason()).isEqualTo("WavePaused");
        assertThat(Conditions.isTrue(status.getConditions(), "Reconciled")).isTrue();
        assertThat(Conditions.find(status.getConditions(), "Alerting")).get().extracting(c -> c.getReason()).isEqualTo("PrometheusRule");
        assertThat(Conditions.find(status.getConditions(), "DrillCurrent")).get().extracting(c -> c.getReason()).isEqualTo("NoSuccessfulDrill");
    }

    @Test
    void anUnchangedVerdictKeepsItsTransitionTimeSoTheStatusIsIdentical() {
        var rollout = PredictiveRollouts.go("ns", "r", "http://p", "3m", List.of(List.of("acme")));
        var first = PredictiveRolloutStatusAggregator.build(rollout, planned(PredictivePhase.Progressing), AlertRules.NONE, T0);
        rollout.setStatus(first);
        var second = PredictiveRolloutStatusAggregator.build(rollout, planned(PredictivePhase.Progressing), AlertRules.NONE, T1);
        assertThat(second.getConditions()).isEqualTo(first.getConditions());
        assertThat(Conditions.find(second.getConditions(), "Alerting")).as("no alert rules, no Alerting condition").isEmpty();
    }

    @Test
    void noGoReportsTheRemediationPlan() {
        var rollout = PredictiveRollouts.noGo("ns", "r", "2027-01-15", List.of());
        var next = planned(PredictivePhase.NoGo);
        next.setReReviewDate("2027-01-15");
        var status = PredictiveRolloutStatusAggregator.build(rollout, next, AlertRules.NONE, T0);
        assertThat(Conditions.find(status.getConditions(), "Progressing")).get().extracting(c -> c.getReason()).isEqualTo("NoGo");
        assertThat(Conditions.find(status.getConditions(), "RemediationComplete")).isPresent();
        assertThat(Conditions.find(status.getConditions(), "WavePaused")).as("go-only conditions are absent").isEmpty();
        assertThat(Conditions.isTrue(status.getConditions(), PredictiveRolloutStatusAggregator.RE_REVIEW_SCHEDULED)).isTrue();
    }

    @Test
    void aReReviewDateInThePastIsNamed() {
        var rollout = PredictiveRollouts.noGo("ns", "r", "2026-11-01T00:00:00Z", List.of());
        var next = planned(PredictivePhase.NoGo);
        var status = PredictiveRolloutStatusAggregator.build(rollout, next, AlertRules.NONE, T0);
        assertThat(Conditions.find(status.getConditions(), PredictiveRolloutStatusAggregator.RE_REVIEW_SCHEDULED)).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("ReReviewDatePassed");
            assertThat(c.getMessage()).contains("2026-11-01T00:00:00Z", "is in the past", "set a new date");
        });
    }

    @Test
    void aDrillScheduleThatNeverFiresIsNamedWithTheFieldTheValueAndWhy() {
        var rollout = PredictiveRollouts.go("ns", "r", "http://p", "3m", List.of(List.of("acme")));
        var fine = PredictiveRolloutStatusAggregator.build(rollout, planned(PredictivePhase.Progressing), AlertRules.NONE, T0);
        assertThat(Conditions.find(fine.getConditions(), ScheduleCondition.TYPE)).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("ScheduleFires");
        });

        rollout.getSpec().getRehearsal().setSchedule("0 3 31 4,6 *");
        var status = PredictiveRolloutStatusAggregator.build(rollout, planned(PredictivePhase.Progressing), AlertRules.NONE, T0);
        assertThat(Conditions.find(status.getConditions(), ScheduleCondition.TYPE)).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("ScheduleNeverFires");
            assertThat(c.getMessage()).contains("spec.rehearsal.schedule \"0 3 31 4,6 *\" never fires: April and June have no day 31")
                    .contains("days 1 to 28 exist in every month");
        });

        // Both day fields restricted: either one fires it (robfig/cron), so this one fires on Mondays.
        rollout.getSpec().getRehearsal().setSchedule("0 3 31 4,6 1");
        var either = PredictiveRolloutStatusAggregator.build(rollout, planned(PredictivePhase.Progressing), AlertRules.NONE, T0);
        assertThat(Conditions.isTrue(either.getConditions(), ScheduleCondition.TYPE)).isTrue();

        var noGo = PredictiveRollouts.noGo("ns", "r", "2027-01-15T00:00:00Z", List.of());
        noGo.getSpec().setRehearsal(rollout.getSpec().getRehearsal());
        noGo.getSpec().getRehearsal().setSchedule("0 0 * * 7");
        var named = PredictiveRolloutStatusAggregator.build(noGo, planned(PredictivePhase.NoGo), AlertRules.NONE, T0);
        assertThat(Conditions.find(named.getConditions(), ScheduleCondition.TYPE)).as("named before a switch to go creates the CronJob")
                .get().satisfies(c -> assertThat(c.getMessage()).contains("Kubernetes refuses it: day-of-week 7 is above 6")
                        .contains("Sunday is 0 or SUN"));
    }

    @Test
    void theWaveColumnCountsFromOneSoACompletedThreeWaveRolloutShowsThreeOfThree() {
        var rollout = PredictiveRollouts.go("ns", "r", "http://p", "3m", List.of(List.of("acme"), List.of("globex"), List.of("initech")));
        var completed = planned(PredictivePhase.Completed);
        completed.setCurrentWave(2);
        completed.setWaveCount(3);
        assertThat(PredictiveRolloutStatusAggregator.build(rollout, completed, AlertRules.NONE, T0).getWaveProgress()).isEqualTo("3/3");
        var first = planned(PredictivePhase.Progressing);
        first.setWaveCount(3);
        var progressing = PredictiveRolloutStatusAggregator.build(rollout, first, AlertRules.NONE, T0);
        assertThat(progressing.getCurrentWave()).as("the planner's index stays 0-based").isZero();
        assertThat(progressing.getWaveProgress()).isEqualTo("1/3");
    }

    @Test
    void aNoGoDecisionHasNoWave() {
        var rollout = PredictiveRollouts.noGo("ns", "r", "2030-01-01T00:00:00Z", List.of());
        var noGo = new PredictiveRolloutStatus();
        noGo.setPhase(PredictivePhase.NoGo);
        assertThat(PredictiveRolloutStatusAggregator.build(rollout, noGo, AlertRules.NONE, T0).getWaveProgress()).isNull();
    }

    @Test
    void readyOnceTheDecisionIsCarriedOutReconcilingUntilThen() {
        var rollout = PredictiveRollouts.go("ns", "r", "http://p", "3m", List.of(List.of("acme"), List.of("globex")));
        rollout.getMetadata().setGeneration(2L);
        for (var phase : List.of(PredictivePhase.Progressing, PredictivePhase.Paused, PredictivePhase.HeldForDrill)) {
            rollout.setStatus(PredictiveRolloutStatusAggregator.build(rollout, planned(phase), AlertRules.NONE, T0));
            assertThat(KStatus.of(rollout).status()).as(phase.name()).isEqualTo(KStatus.Status.InProgress);
            assertThat(KStatus.of(rollout).readyStatus()).as(phase.name()).isEqualTo("False");
        }
        assertThat(KStatus.of(rollout).readyReason()).isEqualTo("HeldForDrill");
        rollout.setStatus(PredictiveRolloutStatusAggregator.build(rollout, planned(PredictivePhase.Completed), AlertRules.NONE, T1));
        assertThat(KStatus.of(rollout).summary()).isEqualTo("Current Ready=True/Completed");
        assertThat(KStatus.readyAtGeneration(rollout)).isTrue();

        var noGo = PredictiveRollouts.noGo("ns", "n", "2027-01-15T10:00:00Z", List.of());
        noGo.getMetadata().setGeneration(1L);
        noGo.setStatus(PredictiveRolloutStatusAggregator.build(noGo, planned(PredictivePhase.NoGo), AlertRules.NONE, T0));
        assertThat(KStatus.of(noGo).summary()).as("nothing to roll out; the plan is tracked").isEqualTo("Current Ready=True/NoGoTracked");
    }

    static PredictiveRolloutStatus planned(PredictivePhase phase) {
        var s = new PredictiveRolloutStatus();
        s.setPhase(phase);
        s.setCurrentWave(0);
        s.setEnabledTenants(List.of("acme"));
        return s;
    }
}
