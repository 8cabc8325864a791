package dev.missioncontrol.operator.metering;

import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.common.Labels;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import dev.missioncontrol.operator.common.OwnedDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The scheduled delivery: `mcctl metering export` in the operator's image, the destination volume at /export. The
 * image has no shell, so the command is the image's java running mcctl's jar (ImageIT runs exactly this).
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name=" + ExportCronJobDependent.COMPONENT))
public class ExportCronJobDependent extends OwnedDependentResource<CronJob, MeteringRotation> {

    static final String COMPONENT = "metering-export";
    public static final String MOUNT = "/export";
    /** mcctl in the operator image (image/pom.xml puts it there; `java` is on the image's PATH). */
    public static final List<String> MCCTL_COMMAND = List.of("java", "-jar", "/opt/mcctl/mcctl.jar");

    public static String name(MeteringRotation mr) {
        return mr.getMetadata().getName() + "-export";
    }

    /**
     * The exporter's arguments; the test runs exactly these as a local process. The exporter only delivers: it copies the
     * files the operator signed (ConfigMap {@code <name>-exports}) to the volume and records receipts; it holds no key and
     * queries nothing.
     */
    public static List<String> args(MeteringRotation mr, String since) {
        var spec = mr.getSpec();
        return new ArrayList<>(List.of("metering", "export",
                "--namespace", mr.getMetadata().getNamespace(),
                "--name", mr.getMetadata().getName(),
                "--window", spec.getExport().windowText(),
                "--since", since,
                "--out", MOUNT + "/" + spec.getExport().getDestination().path(),
                "--retention", String.valueOf(spec.retentionWindows())));
    }

    @Override
    protected Optional<String> objectName(MeteringRotation mr) {
        return Optional.of(name(mr));
    }

    @Override
    protected CronJob desired(MeteringRotation mr, Context<MeteringRotation> context) {
        var spec = mr.getSpec();
        return new CronJobBuilder()
                .withNewMetadata().withName(name(mr)).withNamespace(mr.getMetadata().getNamespace())
                .withLabels(Labels.of(COMPONENT, mr)).endMetadata()
                .withNewSpec()
                .withSchedule(spec.getExport().getSchedule())
                .withConcurrencyPolicy("Forbid")
                .withSuccessfulJobsHistoryLimit(3)
                .withFailedJobsHistoryLimit(5)
                .withNewJobTemplate()
                .withNewSpec()
                .withBackoffLimit(2)
                .withNewTemplate()
                .withNewMetadata().withLabels(Labels.of(COMPONENT, mr)).endMetadata()
                .withNewSpec()
                .withServiceAccountName(ExporterRbac.serviceAccount(mr))
                .withRestartPolicy("Never")
                .withNewSecurityContext().withRunAsNonRoot(true).withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .addNewContainer()
                .withName("export")
                .withImage(spec.getExport().image())
                .withCommand(MCCTL_COMMAND)
                .withArgs(args(mr, MeteringPlanner.since(mr).toString()))
                .addNewVolumeMount().withName("destination").withMountPath(MOUNT).endVolumeMount()
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                .endContainer()
                .addNewVolume().withName("destination").withNewPersistentVolumeClaim()
                .withClaimName(spec.getExport().getDestination().getPersistentVolumeClaim()).endPersistentVolumeClaim().endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .endJobTemplate()
                .endSpec()
                .build();
    }
}
