package dev.missioncontrol.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.status.Conditions;

import dev.missioncontrol.operator.marketplace.MarketplaceSourceReconciler;
import dev.missioncontrol.operator.marketplace.PilotSlots;
import dev.missioncontrol.operator.testing.KStatus;
import dev.missioncontrol.operator.testing.MarketplaceSources;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A failed reconciliation is reported in status (Reconciled=False with the cause), never silently. */
@Tag("unit")
class ReconcileErrorStatusTest {

    @Test
    void failureIsReportedWithItsRootCause() {
        var source = MarketplaceSources.source("ns", "s", "cm", MarketplaceSources.TERMS, Instant.parse("2030-01-01T00:00:00Z"));
        var control = new MarketplaceSourceReconciler(new PilotSlots(5)).updateErrorStatus(source, null,
                new RuntimeException("wrapped", new KubernetesClientException("configmaps is forbidden: User cannot list", 403, null)));
        assertThat(control.getResource()).get().satisfies(patch -> assertThat(
                Conditions.find(patch.getStatus().getConditions(), ReconcileErrors.RECONCILED)).get().satisfies(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo("Forbidden");
                    assertThat(c.getMessage()).contains("configmaps is forbidden", "tries again with back-off")
                            .doesNotContain("Exception", "java.");
                }));
        assertThat(control.getResource()).get().satisfies(patch -> assertThat(KStatus.of(patch).summary())
                .as("not Ready; RBAC needs a person, so Stalled (kstatus: Failed)").isEqualTo("Failed Ready=False/Forbidden"));
    }

    @Test
    void aResourceDeletedMeanwhileIsNotPatched() {
        var source = MarketplaceSources.source("ns", "s", "cm", MarketplaceSources.TERMS, Instant.parse("2030-01-01T00:00:00Z"));
        var control = new MarketplaceSourceReconciler(new PilotSlots(5)).updateErrorStatus(source, null,
                new KubernetesClientException("not found", 404, null));
        assertThat(control.getResource()).isEmpty();
    }
}
