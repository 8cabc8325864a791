package dev.missioncontrol.operator.marketplace;

import dev.missioncontrol.operator.api.v1alpha1.ConnectPhase;
import dev.missioncontrol.operator.api.v1alpha1.ConnectRequest;
import dev.missioncontrol.operator.common.Labels;
import dev.missioncontrol.operator.flags.FlagdDocument;
import dev.missioncontrol.operator.flags.FlagsConfigMapDependent;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;

/**
 * The tenant's flag for the source, in flagd's format: on only while the request is Connected. Deleting
 * the request garbage-collects this ConfigMap, and a missing flag evaluates to the caller's default (off).
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name=" + ConnectFlagsConfigMapDependent.COMPONENT))
public class ConnectFlagsConfigMapDependent extends FlagsConfigMapDependent<ConnectRequest> {

    static final String COMPONENT = "marketplace-flags";

    public ConnectFlagsConfigMapDependent() {
        super(COMPONENT);
    }

    public static String flagKey(String source, String tenant) {
        return "marketplace." + source + "." + tenant + ".connected";
    }

    public static String document(String source, String tenant, boolean connected) {
        return FlagdDocument.create().booleanForTenants(flagKey(source, tenant), connected ? List.of(tenant) : List.of()).toJson();
    }

    @Override
    protected FlagdDocument flags(ConnectRequest request) {
        boolean connected = request.getStatus() != null && request.getStatus().getPhase() == ConnectPhase.Connected;
        return FlagdDocument.create().booleanForTenants(flagKey(request.getSpec().getSourceRef(), request.getSpec().getTenant()),
                connected ? List.of(tenant(request)) : List.of());
    }

    private static String tenant(ConnectRequest request) {
        return request.getSpec().getTenant();
    }
}
