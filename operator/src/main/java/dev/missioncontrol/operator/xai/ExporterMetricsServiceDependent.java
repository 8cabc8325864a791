package dev.missioncontrol.operator.xai;

import dev.missioncontrol.operator.api.v1alpha1.ExplanationExport;
import dev.missioncontrol.operator.common.Labels;
import dev.missioncontrol.operator.common.OwnedDependentResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Optional;

/** The exporter's metrics endpoint as a Service (port metrics, 9464, path /metrics) for Prometheus to scrape. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name=" + ExporterMetricsServiceDependent.COMPONENT))
public class ExporterMetricsServiceDependent extends OwnedDependentResource<Service, ExplanationExport> {

    static final String COMPONENT = "xai-exporter-metrics";

    public ExporterMetricsServiceDependent() {
        super(Service.class);
    }

    public static String name(ExplanationExport x) {
        return ExporterDeployment.name(x) + "-metrics";
    }

    @Override
    protected Optional<String> objectName(ExplanationExport x) {
        return Optional.of(name(x));
    }

    @Override
    protected Service desired(ExplanationExport x, Context<ExplanationExport> context) {
        return new ServiceBuilder()
                .withNewMetadata().withName(name(x)).withNamespace(x.getMetadata().getNamespace()).withLabels(Labels.of(COMPONENT, x)).endMetadata()
                .withNewSpec()
                .withSelector(Labels.selector(ExporterDeploymentDependent.COMPONENT, x))
                .addNewPort().withName("metrics").withPort(ExporterDeployment.METRICS_PORT)
                .withTargetPort(new IntOrString("metrics")).withProtocol("TCP").endPort()
                .endSpec()
                .build();
    }
}
