package dev.missioncontrol.operator.testing;

import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperiment;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentSpec;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentSpec.Arm;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentSpec.Heuristic;
import dev.missioncontrol.operator.api.v1alpha1.PrometheusSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;

/** CacheWarmExperiments for tests. */
public final class CacheWarmExperiments {

    private CacheWarmExperiments() {
    }

    public static Arm arm(String name, boolean control, int weight, Heuristic heuristic) {
        var a = new Arm();
        a.setName(name);
        a.setControl(control);
        a.setWeight(weight);
        a.setHeuristic(heuristic);
        return a;
    }

    /** A control and a TopK arm, 50/50, over the given tenants. */
    public static CacheWarmExperiment topKAgainstControl(String namespace, String name, List<String> tenants, String prometheus,
            String searchEndpoint) {
        var spec = new CacheWarmExperimentSpec();
        spec.setTenants(new ArrayList<>(tenants));
        spec.setArms(new ArrayList<>(List.of(arm("control", true, 50, Heuristic.None), arm("topk", false, 50, Heuristic.TopK))));
        spec.setPrometheus(new PrometheusSpec(prometheus));
        spec.setSearchEndpoint(searchEndpoint);
        var e = new CacheWarmExperiment();
        e.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        e.setSpec(spec);
        return e;
    }
}
