package dev.missioncontrol.operator.metering;

import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.common.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import dev.missioncontrol.operator.common.OwnedDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Optional;

/**
 * Where the exporter records its receipts. The operator owns only the object (server-side apply of
 * metadata); the data keys are the exporter's, written under its own field manager, so reconciling never
 * removes a receipt.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name=" + ReceiptsConfigMapDependent.COMPONENT))
public class ReceiptsConfigMapDependent extends OwnedDependentResource<ConfigMap, MeteringRotation> {

    static final String COMPONENT = "metering-receipts";

    public static String name(MeteringRotation mr) {
        return mr.getMetadata().getName() + "-receipts";
    }

    @Override
    protected Optional<String> objectName(MeteringRotation mr) {
        return Optional.of(name(mr));
    }

    @Override
    protected ConfigMap desired(MeteringRotation mr, Context<MeteringRotation> context) {
        return new ConfigMapBuilder().withNewMetadata().withName(name(mr)).withNamespace(mr.getMetadata().getNamespace())
                .withLabels(Labels.of(COMPONENT, mr)).endMetadata().build();
    }
}
