package dev.missioncontrol.operator.federation;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the gateway Deployment's own status says, read the way kubectl rollout status reads it:
 * available only once the controller has observed the current generation, every replica is updated,
 * and the Available condition is True.
 */
public record GatewayReadiness(boolean available, boolean failed, int availableReplicas, String reason, String message) {

    public static GatewayReadiness missing(String deploymentName) {
        return new GatewayReadiness(false, false, 0, "DeploymentMissing",
                "Deployment " + deploymentName + " does not exist yet; the operator is creating it.");
    }

    public static GatewayReadiness of(Deployment deployment) {
        String name = deployment.getMetadata().getName();
        int desired = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
        var status = deployment.getStatus();
        if (status == null) {
            return new GatewayReadiness(false, false, 0, "DeploymentPending",
                    "Deployment " + name + " has no status yet; waiting for the Deployment controller.");
        }
        int available = Optional.ofNullable(status.getAvailableReplicas()).orElse(0);
        int updated = Optional.ofNullable(status.getUpdatedReplicas()).orElse(0);
        Long observed = status.getObservedGeneration();
        Long generation = deployment.getMetadata().getGeneration();
        List<DeploymentCondition> conditions = Optional.ofNullable(status.getConditions()).orElse(List.of());
        Optional<DeploymentCondition> progressing = find(conditions, "Progressing");
        if (progressing.filter(c -> "ProgressDeadlineExceeded".equals(c.getReason())).isPresent()) {
            return new GatewayReadiness(false, true, available, "DeploymentFailed",
                    "Deployment " + name + " exceeded its progress deadline: " + progressing.get().getMessage()
                            + " Check the gateway pods (kubectl describe deployment " + name + ").");
        }
        if (observed == null || generation != null && observed < generation) {
            return new GatewayReadiness(false, false, available, "DeploymentProgressing",
                    "Deployment " + name + " generation " + generation + " is not yet observed by the Deployment controller.");
        }
        boolean availableCondition = find(conditions, "Available").map(c -> "True".equals(c.getStatus())).orElse(false);
        if (!availableCondition || updated < desired || available < desired) {
            return new GatewayReadiness(false, false, available, "DeploymentProgressing",
                    "Deployment " + name + " has " + available + "/" + desired + " replicas available and "
                            + updated + "/" + desired + " updated.");
        }
        return new GatewayReadiness(true, false, available, "DeploymentAvailable",
                "Deployment " + name + " has " + available + "/" + desired + " replicas available.");
    }

    private static Optional<DeploymentCondition> find(List<DeploymentCondition> conditions, String type) {
        return conditions.stream().filter(c -> Objects.equals(type, c.getType())).findFirst();
    }
}
