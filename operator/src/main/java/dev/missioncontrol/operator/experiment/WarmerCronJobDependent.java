package dev.missioncontrol.operator.experiment;

import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperiment;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentSpec.Arm;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentSpec.Heuristic;
import dev.missioncontrol.operator.api.v1alpha1.ExperimentDecision;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationSpec;
import dev.missioncontrol.operator.common.Labels;
import dev.missioncontrol.operator.common.OwnedDependentResource;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.BulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One warmer per arm that warms (every arm but the control): CronJob {@code <name>-warm-<arm>} running {@code mcctl warm}
 * in the operator's image on the arm's schedule, for the arm's recorded tenants. It sends queries to the search endpoint
 * only: it holds no key and reads nothing from the cluster. Suspended once the experiment is decided (a promoted winner
 * keeps its warmer running: it is what every tenant now gets), and, for the rest of the experiment, once status records
 * its arm as stopped by a guardrail (the arm's stoppedAt).
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name="
        + WarmerCronJobDependent.COMPONENT))
public class WarmerCronJobDependent extends OwnedDependentResource<CronJob, CacheWarmExperiment>
        implements BulkDependentResource<CronJob, CacheWarmExperiment, ResourceID> {

    static final String COMPONENT = "experiment-warmer";
    /** Where the arm's queries (a QueryList, or the query log of TopK and RecencyWeighted) are mounted. */
    public static final String MOUNT = "/queries";
    public static final String ARM_LABEL = "missioncontrol.dev/experiment-arm";

    public WarmerCronJobDependent() {
        super(CronJob.class);
    }

    public static String name(CacheWarmExperiment e, String arm) {
        return e.getMetadata().getName() + "-warm-" + arm;
    }

    /** The arm's tenants as recorded at the start (none before the first look). */
    static List<String> tenants(CacheWarmExperiment e, String arm) {
        var s = e.getStatus();
        if (s == null || s.getAssignment() == null) {
            return List.of();
        }
        return s.getAssignment().stream().filter(a -> arm.equals(a.arm())).map(a -> a.tenant()).toList();
    }

    /** The warmer's arguments; the integration test runs exactly these as a local process. */
    public static List<String> args(CacheWarmExperiment e, Arm arm, List<String> tenants, String queriesFile) {
        var w = arm.warmer();
        List<String> args = new ArrayList<>(List.of("warm",
                "--endpoint", e.getSpec().getSearchEndpoint(),
                "--arm", arm.getName(),
                "--tenants", String.join(",", tenants),
                "--heuristic", arm.heuristic().name(),
                "--top-k", String.valueOf(w.topK()),
                "--queries-per-second", String.valueOf(w.queriesPerSecond()),
                // one run may use the hour's budget at most once per scheduled run; the guardrail watches the hour
                "--budget", String.valueOf(w.queryBudgetPerHour())));
        if (arm.heuristic() == Heuristic.RecencyWeighted) {
            args.addAll(List.of("--recency-half-life", w.getRecencyHalfLife() == null ? dev.missioncontrol.operator.api.v1alpha1
                    .CacheWarmExperimentSpec.Warmer.DEFAULT_RECENCY_HALF_LIFE : w.getRecencyHalfLife()));
        }
        if (queriesFile != null) {
            args.addAll(List.of(arm.heuristic() == Heuristic.QueryList ? "--query-list" : "--query-log", queriesFile));
        }
        return args;
    }

    /** Status records the arm as stopped by a guardrail. */
    static boolean stopped(CacheWarmExperiment e, String arm) {
        return ExperimentPlanner.stopped(e.getStatus()).containsKey(arm);
    }

    static boolean decided(CacheWarmExperiment e) {
        var s = e.getStatus();
        return s != null && s.getDecision() != null && s.getDecision() != ExperimentDecision.Running;
    }

    @Override
    public Map<ResourceID, CronJob> desiredResources(CacheWarmExperiment e, Context<CacheWarmExperiment> context) {
        Map<ResourceID, CronJob> out = new LinkedHashMap<>();
        for (Arm arm : e.getSpec().getArms()) {
            if (arm.control()) {
                continue;
            }
            var cj = cronJob(e, arm);
            out.put(ResourceID.fromResource(cj), cj);
        }
        return out;
    }

    static CronJob cronJob(CacheWarmExperiment e, Arm arm) {
        var w = arm.warmer();
        var list = w.getQueryList();
        String file = list == null ? null : MOUNT + "/" + list.getKey();
        String promoted = ExperimentFlagsConfigMapDependent.promoted(e);
        boolean suspend = tenants(e, arm.getName()).isEmpty() || stopped(e, arm.getName())
                || (decided(e) && !arm.getName().equals(promoted));
        List<String> tenants = arm.getName().equals(promoted) ? e.getSpec().getTenants() : tenants(e, arm.getName());
        Map<String, String> labels = new LinkedHashMap<>(Labels.of(COMPONENT, e));
        labels.put(ARM_LABEL, arm.getName());
        var container = new io.fabric8.kubernetes.api.model.ContainerBuilder()
                .withName("warm")
                .withImage(MeteringRotationSpec.ExportSpec.DEFAULT_IMAGE)
                .withCommand(dev.missioncontrol.operator.metering.ExportCronJobDependent.MCCTL_COMMAND)
                .withArgs(args(e, arm, tenants.isEmpty() ? List.of("none") : tenants, file))
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext();
        var pod = new io.fabric8.kubernetes.api.model.PodSpecBuilder()
                .withRestartPolicy("Never")
                .withAutomountServiceAccountToken(false)
                .withNewSecurityContext().withRunAsNonRoot(true).withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext();
        if (list != null) {
            container.addNewVolumeMount().withName("queries").withMountPath(MOUNT).withReadOnly(true).endVolumeMount();
            pod.addNewVolume().withName("queries").withNewConfigMap().withName(list.getConfigMap()).endConfigMap().endVolume();
        }
        pod.withContainers(container.build());
        return new CronJobBuilder()
                .withNewMetadata().withName(name(e, arm.getName())).withNamespace(e.getMetadata().getNamespace())
                .withLabels(labels).endMetadata()
                .withNewSpec()
                .withSchedule(w.schedule())
                .withSuspend(suspend)
                .withConcurrencyPolicy("Forbid")
                .withSuccessfulJobsHistoryLimit(1)
                .withFailedJobsHistoryLimit(3)
                .withNewJobTemplate().withNewSpec().withBackoffLimit(0)
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withSpec(pod.build()).endTemplate()
                .endSpec().endJobTemplate()
                .endSpec()
                .build();
    }

    @Override
    public Map<ResourceID, CronJob> getSecondaryResources(CacheWarmExperiment e, Context<CacheWarmExperiment> context) {
        return context.getSecondaryResourcesAsStream(CronJob.class)
                .filter(cj -> Objects.equals(cj.getMetadata().getNamespace(), e.getMetadata().getNamespace())
                        && cj.getMetadata().getOwnerReferences() != null
                        && cj.getMetadata().getOwnerReferences().stream().anyMatch(o -> Objects.equals(o.getUid(), e.getMetadata().getUid())))
                .collect(Collectors.toMap(ResourceID::fromResource, Function.identity()));
    }
}
