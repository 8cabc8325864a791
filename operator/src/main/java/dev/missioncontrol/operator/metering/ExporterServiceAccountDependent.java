package dev.missioncontrol.operator.metering;

import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.common.Labels;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import dev.missioncontrol.operator.common.OwnedDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Optional;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name=" + ExporterServiceAccountDependent.COMPONENT))
public class ExporterServiceAccountDependent extends OwnedDependentResource<ServiceAccount, MeteringRotation> {

    static final String COMPONENT = "metering-exporter";

    @Override
    protected Optional<String> objectName(MeteringRotation mr) {
        return Optional.of(ExporterRbac.serviceAccount(mr));
    }

    @Override
    protected ServiceAccount desired(MeteringRotation mr, Context<MeteringRotation> context) {
        return new ServiceAccountBuilder().withNewMetadata().withName(ExporterRbac.serviceAccount(mr))
                .withNamespace(mr.getMetadata().getNamespace()).withLabels(Labels.of(COMPONENT, mr)).endMetadata().build();
    }
}
