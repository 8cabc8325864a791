package dev.missioncontrol.operator.testing;

import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationSpec;
import dev.missioncontrol.operator.api.v1alpha1.PrometheusSpec;
import dev.missioncontrol.operator.metering.ExportCronJobDependent;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds MeteringRotations, and runs their export CronJob's exact command as a local process. */
public final class MeteringRotations {

    private MeteringRotations() {
    }

    public static MeteringRotation rotation(String namespace, String name, List<String> tenants, String prometheus, String window,
            Instant since, String grace) {
        var destination = new MeteringRotationSpec.Destination();
        destination.setPersistentVolumeClaim("finance-exports");
        destination.setPath("usage");
        var export = new MeteringRotationSpec.ExportSpec();
        export.setSchedule("*/5 * * * *");
        export.setWindow(window);
        export.setSince(since.toString());
        export.setDestination(destination);
        export.setImage("mission-control-operator:0.1.0-SNAPSHOT");
        var spec = new MeteringRotationSpec();
        spec.setTenants(new ArrayList<>(tenants));
        spec.setExport(export);
        spec.setPrometheus(new PrometheusSpec(prometheus));
        spec.setGracePeriod(grace);
        var mr = new MeteringRotation();
        mr.getMetadata().setName(name);
        mr.getMetadata().setNamespace(namespace);
        mr.setSpec(spec);
        mr.setStatus(null);
        return mr;
    }

    /** The operator's records of the rotations of a test namespace: the archive ConfigMaps and the signing key Secrets. */
    public static void deleteArchive(KubernetesClient client, String namespace, List<String> names) {
        var ns = client.configMaps().inNamespace(LocalCluster.OPERATOR_NAMESPACE);
        ns.withLabel(dev.missioncontrol.operator.metering.UsageArchive.ARCHIVE_LABEL).list().getItems().stream()
                .filter(cm -> cm.getMetadata().getAnnotations() != null
                        && namespace.equals(cm.getMetadata().getAnnotations().get(dev.missioncontrol.operator.metering.UsageArchive.NAMESPACE_ANNOTATION)))
                .forEach(cm -> client.resource(cm).delete());
        for (String name : names) {
            client.secrets().inNamespace(LocalCluster.OPERATOR_NAMESPACE).withName(dev.missioncontrol.operator.signing.SigningKeys.secretName(
                    dev.missioncontrol.operator.signing.SigningKeys.purposeFor("metering", namespace, name))).delete();
        }
    }

    /**
     * Pods do not run in the simulated cluster, so this runs the command and arguments of the generated
     * CronJob locally: the image's `java -jar /opt/mcctl/mcctl.jar` is the built jar, and the destination volume's mount (/export) is a directory.
     */
    public static ProcessRunner.Result runExportJob(KubernetesClient client, String namespace, String name, Path volume)
            throws IOException, InterruptedException {
        var container = client.batch().v1().cronjobs().inNamespace(namespace).withName(name + "-export").get()
                .getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
        if (!ExportCronJobDependent.MCCTL_COMMAND.equals(container.getCommand())) {
            throw new IllegalStateException("unexpected export command " + container.getCommand());
        }
        List<String> args = new ArrayList<>();
        for (String arg : container.getArgs()) {
            args.add(arg.startsWith(ExportCronJobDependent.MOUNT + "/") ? volume.resolve(arg.substring(ExportCronJobDependent.MOUNT.length() + 1)).toString() : arg);
        }
        return ProcessRunner.mcctl(args.toArray(String[]::new));
    }
}
