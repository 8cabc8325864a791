package dev.missioncontrol.operator.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperiment;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentSpec;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentStatus;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentStatus.TenantArm;
import dev.missioncontrol.operator.api.v1alpha1.ExperimentDecision;
import dev.missioncontrol.operator.testing.CacheWarmExperiments;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The warmer CronJob of an arm: its recorded tenants, suspended before the assignment and once decided; the promoted winner warms everyone. */
@Tag("unit")
class WarmerCronJobDependentTest {

    static CacheWarmExperiment experiment() {
        var e = CacheWarmExperiments.topKAgainstControl("search-demo", "w", List.of("acme", "globex", "initech"), "http://p:9090",
                "http://search:8080/search");
        var list = new CacheWarmExperimentSpec.QueryList();
        list.setConfigMap("query-log");
        list.setKey("log.tsv");
        var warmer = new CacheWarmExperimentSpec.Warmer();
        warmer.setQueryList(list);
        e.getSpec().getArms().get(1).setWarmer(warmer);
        return e;
    }

    static void assigned(CacheWarmExperiment e, ExperimentDecision decision, String winner) {
        var s = new CacheWarmExperimentStatus();
        s.setAssignment(List.of(new TenantArm("acme", "topk"), new TenantArm("globex", "control"), new TenantArm("initech", "topk")));
        s.setDecision(decision);
        s.setWinner(winner);
        e.setStatus(s);
    }

    static List<String> args(CacheWarmExperiment e) {
        return WarmerCronJobDependent.cronJob(e, e.getSpec().getArms().get(1)).getSpec().getJobTemplate().getSpec().getTemplate().getSpec()
                .getContainers().get(0).getArgs();
    }

    @Test
    void oneSuspendedWarmerBeforeTheAssignmentNoneForTheControl() {
        var e = experiment();
        var desired = new WarmerCronJobDependent().desiredResources(e, null);
        assertThat(desired.values()).singleElement().satisfies(cj -> {
            assertThat(cj.getMetadata().getName()).isEqualTo("w-warm-topk");
            assertThat(cj.getSpec().getSuspend()).isTrue();
        });
    }

    @Test
    void theArmsRecordedTenantsWithTheMountedQueryLog() {
        var e = experiment();
        assigned(e, ExperimentDecision.Running, null);
        var cj = WarmerCronJobDependent.cronJob(e, e.getSpec().getArms().get(1));
        assertThat(cj.getSpec().getSuspend()).isFalse();
        assertThat(cj.getSpec().getSchedule()).isEqualTo(CacheWarmExperimentSpec.Warmer.DEFAULT_SCHEDULE);
        assertThat(args(e)).containsSequence("--tenants", "acme,initech").containsSequence("--heuristic", "TopK")
                .containsSequence("--query-log", WarmerCronJobDependent.MOUNT + "/log.tsv").containsSequence("--endpoint", "http://search:8080/search");
        var pod = cj.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getVolumes()).singleElement().satisfies(v -> assertThat(v.getConfigMap().getName()).isEqualTo("query-log"));
    }

    @Test
    void decidedSuspendsTheLoserAndAPromotedWinnerWarmsEveryone() {
        var e = experiment();
        assigned(e, ExperimentDecision.NoDifference, null);
        assertThat(WarmerCronJobDependent.cronJob(e, e.getSpec().getArms().get(1)).getSpec().getSuspend()).isTrue();
        assigned(e, ExperimentDecision.Winner, "topk");
        assertThat(WarmerCronJobDependent.cronJob(e, e.getSpec().getArms().get(1)).getSpec().getSuspend()).as("not promoted").isTrue();
        e.getSpec().setPromoteWinner(true);
        assertThat(WarmerCronJobDependent.cronJob(e, e.getSpec().getArms().get(1)).getSpec().getSuspend()).isFalse();
        assertThat(args(e)).containsSequence("--tenants", "acme,globex,initech");
    }

    @Test
    void anArmStatusRecordsAsStoppedHasItsWarmerSuspendedWhileTheExperimentRuns() {
        var e = experiment();
        assigned(e, ExperimentDecision.Running, null);
        e.getStatus().setArms(List.of(
                new CacheWarmExperimentStatus.ArmStatus("control", true, 1, 40L, 100L, 0.4, null, null, null, "Control", 0.1, null, null,
                        null, null, null),
                // its guardrails hold again at the last look: the stop sticks all the same
                new CacheWarmExperimentStatus.ArmStatus("topk", false, 2, 70L, 100L, 0.7, 0.3, 0.1, 0.5, "Stopped", 0.1, "Holds", 10.0,
                        "Holds", "p95 latency 0.300s is more than 10 % above control's 0.100s", "2026-11-30T10:00:00Z")));
        var desired = new WarmerCronJobDependent().desiredResources(e, null);
        assertThat(desired.values()).singleElement().satisfies(cj -> {
            assertThat(cj.getMetadata().getName()).isEqualTo("w-warm-topk");
            assertThat(cj.getSpec().getSuspend()).isTrue();
        });
        e.getStatus().setArms(List.of(new CacheWarmExperimentStatus.ArmStatus("topk", false, 2, 70L, 100L, 0.7, 0.3, 0.1, 0.5, "Undecided",
                0.1, "Holds", 10.0, "Holds", null, null)));
        assertThat(WarmerCronJobDependent.cronJob(e, e.getSpec().getArms().get(1)).getSpec().getSuspend()).as("not stopped").isFalse();
    }
}
