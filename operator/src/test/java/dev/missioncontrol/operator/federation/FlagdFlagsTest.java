package dev.missioncontrol.operator.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.federation.flags.CohortFlags;
import dev.missioncontrol.operator.testing.FlagdEvaluator;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The flag document, evaluated by the real OpenFeature flagd provider (in-process, from a file). */
@Tag("unit")
class FlagdFlagsTest {

    @Test
    void enabledTenantGetsFederatedAndOthersSingleIndex() throws Exception {
        try (var flags = FlagdEvaluator.load(CohortFlags.document("cohort-1", List.of("acme", "globex")).toJson())) {
            assertThat(flags.bool("federated-search.cohort-1.enabled", "acme")).isTrue();
            assertThat(flags.string("federated-search.cohort-1.mode", "acme")).isEqualTo("federated");
            assertThat(flags.reason("federated-search.cohort-1.enabled", "acme")).isEqualTo("TARGETING_MATCH");
            // initech belongs to the cohort but is not enabled yet
            assertThat(flags.bool("federated-search.cohort-1.enabled", "initech")).isFalse();
            assertThat(flags.string("federated-search.cohort-1.mode", "initech")).isEqualTo("single-index");
        }
    }

    /** The document a cohort writes with no tenant enabled; FederationRolloutIntegrationTest runs a real fallback. */
    @Test
    void noEnabledTenantServesEveryTenantSingleIndex() throws Exception {
        try (var flags = FlagdEvaluator.load(CohortFlags.document("cohort-1", List.of()).toJson())) {
            assertThat(flags.bool("federated-search.cohort-1.enabled", "acme")).isFalse();
            assertThat(flags.string("federated-search.cohort-1.mode", "acme")).isEqualTo("single-index");
        }
    }

    @Test
    void documentHasFlagdShape() {
        String doc = CohortFlags.document("c", List.of("a")).toJson();
        assertThat(doc).contains("\"$schema\" : \"https://flagd.dev/schema/v0/flags.json\"", "\"state\" : \"ENABLED\"",
                "\"defaultVariant\" : \"off\"", "\"defaultVariant\" : \"single-index\"", "\"targeting\"");
    }
}
