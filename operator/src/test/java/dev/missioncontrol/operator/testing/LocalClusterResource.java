package dev.missioncontrol.operator.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Makes sure the control plane is reachable and serves the committed CRDs (and the PrometheusRule CRD) before the operator boots. */
public class LocalClusterResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try (var client = LocalCluster.client()) {
            LocalCluster.installCrds(client);
            LocalCluster.installPrometheusOperatorCrds(client);
        }
        return Map.of();
    }

    @Override
    public void stop() {
        // The cluster outlives the test run; each test class deletes its own namespace.
    }
}
