package dev.missioncontrol.operator.marketplace;

import dev.missioncontrol.operator.api.v1alpha1.ConnectPhase;
import dev.missioncontrol.operator.api.v1alpha1.ConnectRequest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** The connection config exists only while the audit trail says Connected; otherwise it is deleted. */
public class ConnectedCondition implements Condition<ConfigMap, ConnectRequest> {

    @Override
    public boolean isMet(DependentResource<ConfigMap, ConnectRequest> dependent, ConnectRequest request, Context<ConnectRequest> context) {
        return request.getStatus() != null && request.getStatus().getPhase() == ConnectPhase.Connected;
    }
}
