package dev.missioncontrol.operator.predictive;

import dev.missioncontrol.operator.api.v1alpha1.PredictiveRollout;
import dev.missioncontrol.operator.common.Labels;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import dev.missioncontrol.operator.common.OwnedDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;
import java.util.Optional;

/** The scheduled rollback drill; its Jobs carry missioncontrol.dev/drill-for so the operator records each outcome. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name=" + RollbackDrillCronJobDependent.COMPONENT))
public class RollbackDrillCronJobDependent extends OwnedDependentResource<CronJob, PredictiveRollout> {

    static final String COMPONENT = "rollback-drill";
    public static final String DRILL_FOR = "missioncontrol.dev/drill-for";

    public static String name(PredictiveRollout rollout) {
        return rollout.getMetadata().getName() + "-rollback-drill";
    }

    /** The drill Job, shared by the schedule and by on-demand rehearsals. */
    public static JobSpec jobSpec(PredictiveRollout rollout) {
        var rehearsal = rollout.getSpec().getRehearsal();
        return new JobSpecBuilder()
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(1800L)
                .withTtlSecondsAfterFinished(7 * 24 * 3600)
                .withNewTemplate()
                .withNewMetadata().withLabels(Map.of(DRILL_FOR, rollout.getMetadata().getName())).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withNewSecurityContext().withRunAsNonRoot(true).withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .addNewContainer()
                .withName("drill")
                .withImage(rehearsal.getImage())
                .withCommand(rehearsal.getCommand())
                .addNewEnv().withName("PREDICTIVE_FEATURE").withValue(rollout.getSpec().getFeature()).endEnv()
                .addNewEnv().withName("PREDICTIVE_ROLLOUT").withValue(rollout.getMetadata().getNamespace() + "/" + rollout.getMetadata().getName()).endEnv()
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                .endContainer()
                .endSpec()
                .endTemplate()
                .build();
    }

    @Override
    protected Optional<String> objectName(PredictiveRollout rollout) {
        return Optional.of(name(rollout));
    }

    @Override
    protected CronJob desired(PredictiveRollout rollout, Context<PredictiveRollout> context) {
        return new CronJobBuilder()
                .withNewMetadata()
                .withName(name(rollout))
                .withNamespace(rollout.getMetadata().getNamespace())
                .withLabels(Labels.of(COMPONENT, rollout))
                .endMetadata()
                .withNewSpec()
                .withSchedule(rollout.getSpec().getRehearsal().schedule())
                .withConcurrencyPolicy("Forbid")
                .withSuccessfulJobsHistoryLimit(5)
                .withFailedJobsHistoryLimit(5)
                .withNewJobTemplate()
                .withNewMetadata().withLabels(Map.of(DRILL_FOR, rollout.getMetadata().getName())).endMetadata()
                .withSpec(jobSpec(rollout))
                .endJobTemplate()
                .endSpec()
                .build();
    }
}
