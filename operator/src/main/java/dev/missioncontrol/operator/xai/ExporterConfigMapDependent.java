package dev.missioncontrol.operator.xai;

import dev.missioncontrol.operator.api.v1alpha1.ExplanationExport;
import dev.missioncontrol.operator.common.Labels;
import dev.missioncontrol.operator.common.OwnedDependentResource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;
import java.util.Optional;

/** The exporter's configuration file (exporter.json), mounted into its Deployment. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name=" + ExporterConfigMapDependent.COMPONENT))
public class ExporterConfigMapDependent extends OwnedDependentResource<ConfigMap, ExplanationExport> {

    static final String COMPONENT = "xai-exporter-config";

    public ExporterConfigMapDependent() {
        super(ConfigMap.class);
    }

    public static String name(ExplanationExport x) {
        return ExporterDeployment.name(x) + "-config";
    }

    @Override
    protected Optional<String> objectName(ExplanationExport x) {
        return Optional.of(name(x));
    }

    @Override
    protected ConfigMap desired(ExplanationExport x, Context<ExplanationExport> context) {
        return new ConfigMapBuilder()
                .withNewMetadata().withName(name(x)).withNamespace(x.getMetadata().getNamespace()).withLabels(Labels.of(COMPONENT, x)).endMetadata()
                .withData(Map.of(ExporterDeployment.CONFIG_FILE, ExporterDeployment.configJson(x)))
                .build();
    }
}
