package dev.missioncontrol.operator.testing;

import dev.missioncontrol.operator.api.v1alpha1.ConnectDecision;
import dev.missioncontrol.operator.api.v1alpha1.ConnectRequest;
import dev.missioncontrol.operator.api.v1alpha1.ConnectRequestSpec;

/** Builds ConnectRequests for tests. */
public final class ConnectRequests {

    private ConnectRequests() {
    }

    public static ConnectRequest request(String namespace, String name, String source, String tenant, ConnectDecision decision) {
        var spec = new ConnectRequestSpec();
        spec.setSourceRef(source);
        spec.setTenant(tenant);
        spec.setPurpose("federate " + source + " results for " + tenant);
        spec.setRequestedBy("alice@" + tenant + ".example");
        spec.setDecision(decision);
        var r = new ConnectRequest();
        r.getMetadata().setName(name);
        r.getMetadata().setNamespace(namespace);
        r.setSpec(spec);
        r.setStatus(null);
        return r;
    }

    public static ConnectDecision approve() {
        return new ConnectDecision(ConnectDecision.Action.approve, "bob@platform.example", "DPIA and terms reviewed");
    }
}
