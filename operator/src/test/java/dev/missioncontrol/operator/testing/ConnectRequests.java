package dev.missioncontrol.operator.testing;

import dev.missioncontrol.operator.api.v1alpha1.ConnectDecision;
import dev.missioncontrol.operator.api.v1alpha1.ConnectRequest;
import dev.missioncontrol.operator.api.v1alpha1.ConnectRequestSpec;
import dev.missioncontrol.operator.api.v1alpha1.Revocation;

/**
 * Builds ConnectRequests for tests, and creates them as the admission policies require: the requester (spec.requestedBy)
 * creates the request, then the reviewer the decision names decides it.
 */
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

    /**
     * Creates the request as its requester and, when it carries a decision, adds the decision as that decision's reviewer
     * (in the reviewer group): what a person does with kubectl. Returns the request as the API server last stored it.
     */
    public static ConnectRequest create(ConnectRequest request) {
        var decision = request.getSpec().getDecision();
        var undecided = Actors.requester(request.getSpec().getRequestedBy()).getKubernetesSerialization().clone(request);
        undecided.getSpec().setDecision(null);
        var created = Actors.requester(request.getSpec().getRequestedBy()).resource(undecided).create();
        return decision == null ? created : decide(request.getMetadata().getNamespace(), request.getMetadata().getName(), decision);
    }

    /** Sets spec.decision as its reviewer, a member of the reviewer group. */
    public static ConnectRequest decide(String namespace, String name, ConnectDecision decision) {
        return Edits.edit(Actors.reviewer(decision.getReviewer()).resources(ConnectRequest.class).inNamespace(namespace).withName(name),
                r -> {
                    r.getSpec().setDecision(decision);
                    return r;
                });
    }

    /** Sets spec.revocation as the user it names (revokedBy). */
    public static ConnectRequest revoke(String namespace, String name, Revocation revocation) {
        return Edits.edit(Actors.as(revocation.getRevokedBy()).resources(ConnectRequest.class).inNamespace(namespace).withName(name),
                r -> {
                    r.getSpec().setRevocation(revocation);
                    return r;
                });
    }

    public static ConnectDecision approve() {
        return new ConnectDecision(ConnectDecision.Action.approve, Actors.REVIEWER, "DPIA and terms reviewed");
    }
}
