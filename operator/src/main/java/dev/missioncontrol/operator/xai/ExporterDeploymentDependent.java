package dev.missioncontrol.operator.xai;

import dev.missioncontrol.operator.api.v1alpha1.ExplanationExport;
import dev.missioncontrol.operator.common.Labels;
import dev.missioncontrol.operator.common.OwnedDependentResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * `mcctl xai export` in the operator's image: one replica, Recreate (two exporters must never share one ledger), the
 * source claim at /var/lib/xai, the configuration at /etc/xai, metrics on port 9464. A config change rolls the pod
 * (the config's hash is a pod annotation).
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name=" + ExporterDeploymentDependent.COMPONENT))
public class ExporterDeploymentDependent extends OwnedDependentResource<Deployment, ExplanationExport> {

    static final String COMPONENT = "xai-exporter";
    public static final String CONFIG_HASH = "missioncontrol.dev/config-hash";

    public ExporterDeploymentDependent() {
        super(Deployment.class);
    }

    @Override
    protected Optional<String> objectName(ExplanationExport x) {
        return Optional.of(ExporterDeployment.name(x));
    }

    @Override
    protected Deployment desired(ExplanationExport x, Context<ExplanationExport> context) {
        var labels = Labels.of(COMPONENT, x);
        return new DeploymentBuilder()
                .withNewMetadata().withName(ExporterDeployment.name(x)).withNamespace(x.getMetadata().getNamespace()).withLabels(labels).endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewStrategy().withType("Recreate").endStrategy()
                .withNewSelector().withMatchLabels(Labels.selector(COMPONENT, x)).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).withAnnotations(Map.of(CONFIG_HASH, hash(ExporterDeployment.configJson(x)))).endMetadata()
                .withNewSpec()
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(65532L).withFsGroup(65532L)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .addNewContainer()
                .withName("exporter")
                .withImage(x.getSpec().image())
                .withCommand(ExporterDeployment.COMMAND)
                .withArgs(ExporterDeployment.args())
                .addNewPort().withName("metrics").withContainerPort(ExporterDeployment.METRICS_PORT).endPort()
                .addNewVolumeMount().withName("data").withMountPath(ExporterDeployment.DATA).endVolumeMount()
                .addNewVolumeMount().withName("config").withMountPath(ExporterDeployment.CONFIG_DIR).withReadOnly(true).endVolumeMount()
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                .endContainer()
                .addNewVolume().withName("data").withNewPersistentVolumeClaim()
                .withClaimName(x.getSpec().getSource().getPersistentVolumeClaim()).endPersistentVolumeClaim().endVolume()
                .addNewVolume().withName("config").withNewConfigMap().withName(ExporterConfigMapDependent.name(x)).endConfigMap().endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
