package dev.missioncontrol.operator.federation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class GatewayReadinessTest {

    @Test
    void availableOnlyWhenCurrentGenerationIsObservedAndAllReplicasAreUpdatedAndAvailable() {
        var r = GatewayReadiness.of(deployment(3, 3L, 3L, 3, 3, "True", null));
        assertThat(r.available()).isTrue();
        assertThat(r.reason()).isEqualTo("DeploymentAvailable");
        assertThat(r.message()).contains("3/3 replicas available");
    }

    @Test
    void staleObservedGenerationIsProgressingEvenIfAvailable() {
        var r = GatewayReadiness.of(deployment(3, 4L, 3L, 3, 3, "True", null));
        assertThat(r.available()).isFalse();
        assertThat(r.reason()).isEqualTo("DeploymentProgressing");
        assertThat(r.message()).contains("generation 4 is not yet observed");
    }

    @Test
    void partiallyAvailableIsProgressing() {
        var r = GatewayReadiness.of(deployment(3, 2L, 2L, 1, 3, "False", null));
        assertThat(r.available()).isFalse();
        assertThat(r.failed()).isFalse();
        assertThat(r.message()).contains("1/3 replicas available", "3/3 updated");
    }

    @Test
    void rollingUpdateWithOldReplicasAvailableIsNotYetAvailable() {
        var r = GatewayReadiness.of(deployment(2, 2L, 2L, 2, 1, "True", null));
        assertThat(r.available()).isFalse();
        assertThat(r.message()).contains("1/2 updated");
    }

    @Test
    void progressDeadlineExceededIsAFailure() {
        var r = GatewayReadiness.of(deployment(1, 1L, 1L, 0, 1, "False", "ProgressDeadlineExceeded"));
        assertThat(r.failed()).isTrue();
        assertThat(r.reason()).isEqualTo("DeploymentFailed");
        assertThat(r.message()).contains("kubectl describe deployment gw");
    }

    @Test
    void noStatusYetIsPending() {
        var d = deployment(1, 1L, 1L, 0, 0, "False", null);
        d.setStatus(null);
        assertThat(GatewayReadiness.of(d).reason()).isEqualTo("DeploymentPending");
    }

    @Test
    void scaledToZeroIsAvailable() {
        assertThat(GatewayReadiness.of(deployment(0, 1L, 1L, 0, 0, "True", null)).available()).isTrue();
    }

    static Deployment deployment(int replicas, Long generation, Long observed, int available, int updated,
            String availableCondition, String progressingReason) {
        var b = new DeploymentBuilder()
                .withNewMetadata().withName("gw").withGeneration(generation).endMetadata()
                .withNewSpec().withReplicas(replicas).endSpec()
                .withNewStatus()
                .withObservedGeneration(observed)
                .withAvailableReplicas(available)
                .withUpdatedReplicas(updated)
                .addToConditions(new DeploymentConditionBuilder().withType("Available").withStatus(availableCondition).build())
                .endStatus();
        if (progressingReason != null) {
            b.editStatus().addToConditions(new DeploymentConditionBuilder().withType("Progressing").withStatus("False")
                    .withReason(progressingReason).withMessage("ReplicaSet \"gw-1\" has timed out progressing.").build()).endStatus();
        }
        return b.build();
    }
}
