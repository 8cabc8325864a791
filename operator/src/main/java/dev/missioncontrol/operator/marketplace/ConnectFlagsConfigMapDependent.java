package dev.missioncontrol.operator.marketplace;

import dev.missioncontrol.operator.api.v1alpha1.ConnectPhase;
import dev.missioncontrol.operator.api.v1alpha1.ConnectRequest;
import dev.missioncontrol.operator.common.Labels;
import dev.missioncontrol.operator.federation.flags.FlagdFlags;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;
import java.util.Map;

/**
 * The tenant's flag for the source, in flagd's format: on only while the request is Connected. Deleting
 * the request garbage-collects this ConfigMap, and a missing flag evaluates to the caller's default (off).
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name=" + ConnectFlagsConfigMapDependent.COMPONENT))
public class ConnectFlagsConfigMapDependent extends CRUDKubernetesDependentResource<ConfigMap, ConnectRequest> {

    static final String COMPONENT = "marketplace-flags";
    public static String name(ConnectRequest request) {
        return request.getMetadata().getName() + "-flags";
    }

    public static String flagKey(String source, String tenant) {
        return "marketplace." + source + "." + tenant + ".connected";
    }

    public static String document(String source, String tenant, boolean connected) {
        return FlagdFlags.tenantFlagDocument(flagKey(source, tenant), connected ? List.of(tenant) : List.of());
    }

    @Override
    protected ConfigMap desired(ConnectRequest request, Context<ConnectRequest> context) {
        boolean connected = request.getStatus() != null && request.getStatus().getPhase() == ConnectPhase.Connected;
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name(request))
                .withNamespace(request.getMetadata().getNamespace())
                .withLabels(Labels.of(COMPONENT, request))
                .addToLabels("missioncontrol.dev/flagd-source", "true")
                .endMetadata()
                .withData(Map.of(FlagdFlags.FILE_NAME, document(request.getSpec().getSourceRef(), request.getSpec().getTenant(), connected)))
                .build();
    }
}
