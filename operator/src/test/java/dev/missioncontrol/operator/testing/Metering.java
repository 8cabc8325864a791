package dev.missioncontrol.operator.testing;

import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationSpec;
import dev.missioncontrol.operator.api.v1alpha1.PrometheusSpec;
import dev.missioncontrol.operator.metering.ExportCronJobDependent;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds MeteringRotations, and runs their export CronJob's exact command as a local process. */
public final class Metering {

    public static final Path MCCTL = Path.of("..", "mcctl", "target", "mcctl.jar");

    private Metering() {
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
        export.setImage("mission-control-operator:0.1.0");
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

    public record Run(int code, String out) {
    }

    /**
     * Pods do not run in the simulated cluster, so this runs the command and arguments of the generated
     * CronJob locally: the image's `java -jar /opt/mcctl/mcctl.jar` is the built jar, and the destination volume's mount (/export) is a directory.
     */
    public static Run runExportJob(KubernetesClient client, String namespace, String name, Path volume) throws IOException, InterruptedException {
        var container = client.batch().v1().cronjobs().inNamespace(namespace).withName(name + "-export").get()
                .getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
        if (!ExportCronJobDependent.MCCTL_COMMAND.equals(container.getCommand())) {
            throw new IllegalStateException("unexpected export command " + container.getCommand());
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", MCCTL.toString()));
        for (String arg : container.getArgs()) {
            command.add(arg.startsWith(ExportCronJobDependent.MOUNT + "/") ? volume.resolve(arg.substring(ExportCronJobDependent.MOUNT.length() + 1)).toString() : arg);
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    public static Run mcctl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", MCCTL.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    public static Run python(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", Path.of("..", "hack", "verify-dsse.py").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }
}
