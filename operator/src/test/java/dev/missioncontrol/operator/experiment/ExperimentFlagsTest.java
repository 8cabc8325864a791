package dev.missioncontrol.operator.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.core.experiment.AssignmentDrift;
import dev.missioncontrol.core.experiment.FractionalAssignment;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentSpec.Arm;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentSpec.Heuristic;
import dev.missioncontrol.operator.testing.CacheWarmExperiments;
import dev.missioncontrol.operator.testing.FlagdEvaluator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The experiment's flags, evaluated by the real OpenFeature flagd provider (in process, from a file): every tenant lands
 * in the arm the operator records, the split follows the weights, and a reshuffle is seen as drift.
 */
@Tag("unit")
class ExperimentFlagsTest {

    static final List<Arm> ARMS = List.of(CacheWarmExperiments.arm("control", true, 34, Heuristic.None),
            CacheWarmExperiments.arm("topk", false, 33, Heuristic.TopK),
            CacheWarmExperiments.arm("recency", false, 33, Heuristic.RecencyWeighted));
    static final List<String> TENANTS = IntStream.range(0, 300).mapToObj(i -> "tenant-" + i).toList();

    @Test
    void flagdAssignsEveryTenantTheArmTheOperatorRecords() throws Exception {
        String key = "cache-warmer.warmers-v3";
        Map<String, String> recorded = ExperimentFlags.assignment(key, TENANTS, ARMS);
        Map<String, String> evaluated = new LinkedHashMap<>();
        try (var flags = FlagdEvaluator.load(ExperimentFlags.document(key, ARMS, null).toJson())) {
            for (String t : TENANTS) {
                evaluated.put(t, flags.string(key, t));
            }
            assertThat(flags.string(key, "acme")).isIn("control", "topk", "recency");
        }
        assertThat(evaluated).isEqualTo(recorded);
        assertThat(AssignmentDrift.check(recorded, evaluated)).isEmpty();
        // the split follows the weights (300 tenants: each arm within 10 points of its third)
        for (String arm : List.of("control", "topk", "recency")) {
            long n = recorded.values().stream().filter(arm::equals).count();
            assertThat(n).as(arm).isBetween(70L, 130L);
        }
    }

    @Test
    void anotherFlagKeyOrOtherWeightsReshuffleTenantsAndThatIsDrift() throws Exception {
        String key = "cache-warmer.warmers-v3";
        Map<String, String> recorded = ExperimentFlags.assignment(key, TENANTS, ARMS);
        // what an evaluator bucketing differently gives: here flagd itself with the arms listed in another order
        List<Arm> reordered = List.of(ARMS.get(2), ARMS.get(1), ARMS.get(0));
        Map<String, String> evaluated = new LinkedHashMap<>();
        try (var flags = FlagdEvaluator.load(ExperimentFlags.document(key, reordered, null).toJson())) {
            for (String t : TENANTS) {
                evaluated.put(t, flags.string(key, t));
            }
        }
        var moved = AssignmentDrift.check(recorded, evaluated);
        assertThat(moved).hasSizeGreaterThan(50);
        assertThat(AssignmentDrift.message(moved)).contains("tenants (", " -> ", "stopped instead of continuing on reshuffled arms");
    }

    @Test
    void aPromotedWinnerIsServedToEveryTenant() throws Exception {
        String key = "cache-warmer.warmers-v3";
        try (var flags = FlagdEvaluator.load(ExperimentFlags.document(key, ARMS, "recency").toJson())) {
            for (String t : TENANTS.subList(0, 20)) {
                assertThat(flags.string(key, t)).isEqualTo("recency");
            }
        }
    }

    @Test
    void theRecordedEvaluatorVersionIsTheProviderTheseTestsEvaluateWith() throws Exception {
        // an upgraded provider fails here first: check the bucketing again (the tests above), then bump the version,
        // which makes running experiments notice the change as drift
        var props = new java.util.Properties();
        try (var in = ExperimentFlagsTest.class.getResourceAsStream("/META-INF/maven/dev.openfeature.contrib.providers/flagd/pom.properties")) {
            assertThat(in).as("the flagd provider's pom.properties on the test classpath").isNotNull();
            props.load(in);
        }
        assertThat(FractionalAssignment.EVALUATOR_VERSION).isEqualTo(props.getProperty("version"));
    }
}
