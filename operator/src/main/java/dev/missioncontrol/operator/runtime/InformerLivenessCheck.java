package dev.missioncontrol.operator.runtime;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.Status;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness from the operator's informers: the process can make progress. Readiness is {@link OperatorReadinessCheck};
 * QOSDK has no liveness check. This one is DOWN only
 * when an informer has stopped for good (it will not recover without a restart); an informer whose watch is
 * reconnecting (an API server restart, a network blip) stays UP, since restarting the pod would not help, and is
 * named in the data so /q/health/live shows what is watching and what is not.
 */
@Liveness
@ApplicationScoped
public class InformerLivenessCheck implements HealthCheck {

    static final String NAME = "Mission Control operator informers";

    @Inject
    Operator operator;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named(NAME);
        if (!operator.getRuntimeInfo().isStarted()) {
            return response.up().withData("operator", "starting: informers syncing").build();
        }
        List<String> stopped = new ArrayList<>();
        Map<String, String> data = new TreeMap<>();
        for (var controller : operator.getRuntimeInfo().getRegisteredControllers()) {
            String name = controller.getConfiguration().getName();
            var informers = controller.getControllerHealthInfo().informerEventSourceHealthIndicators();
            List<String> notWatching = new ArrayList<>();
            informers.forEach((source, wrapper) -> {
                Map<String, InformerHealthIndicator> perNamespace = wrapper.informerHealthIndicators();
                perNamespace.forEach((namespace, informer) -> {
                    String id = source + (namespace == null || namespace.isBlank() ? "" : "@" + namespace);
                    if (!informer.isRunning()) {
                        stopped.add(name + "/" + id);
                    } else if (!informer.isWatching() || informer.getStatus() != Status.HEALTHY) {
                        notWatching.add(id);
                    }
                });
            });
            data.put(name, notWatching.isEmpty() ? informers.size() + " informers watching"
                    : "not watching (reconnecting): " + String.join(", ", notWatching));
        }
        data.forEach(response::withData);
        if (!stopped.isEmpty()) {
            return response.down().withData("stopped", String.join(", ", stopped)).build();
        }
        return response.up().build();
    }
}
