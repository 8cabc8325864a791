package dev.missioncontrol.operator.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.experiment.ExperimentAlertRules;
import dev.missioncontrol.operator.federation.FederationAlertRules;
import dev.missioncontrol.operator.metering.MeteringAlertRules;
import dev.missioncontrol.operator.predictive.PredictiveAlertRules;
import dev.missioncontrol.operator.slo.SloRules;
import dev.missioncontrol.operator.testing.CacheWarmExperiments;
import dev.missioncontrol.operator.testing.FederationCohorts;
import dev.missioncontrol.operator.testing.MeteringRotations;
import dev.missioncontrol.operator.testing.PredictiveRollouts;
import dev.missioncontrol.operator.testing.ProcessRunner;
import dev.missioncontrol.operator.testing.SearchSLOs;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every generated rule group passes `promtool check rules`, and `promtool test rules` (fixtures in
 * src/test/resources/promtool/, synthetic series) shows each alert firing on a breach only after its `for`
 * and staying silent on healthy series, including the three burn-rate tiers of an SLO.
 */
@Tag("tools") // needs promtool, which `make prometheus` installs
class PromtoolRulesTest {

    @Test
    void federationCohortAlerts(@TempDir Path dir) throws Exception {
        var cohort = FederationCohorts.rollout("search", "cohort-1", List.of("acme", "globex"), "http://prometheus:9090", "1m", 3, 1, 1);
        cohort.getSpec().getRollout().getAnalysis().setWindow("5m");
        verify(dir, "federationcohort", FederationAlertRules.groups(cohort), 8);
    }

    @Test
    void predictiveRolloutAlerts(@TempDir Path dir) throws Exception {
        var rollout = PredictiveRollouts.go("ml", "ranking-go", "http://prometheus:9090", "5m", List.of(List.of("acme"), List.of("globex")));
        rollout.getSpec().getAnalysis().setInterval("1m");
        rollout.getSpec().getAnalysis().setWindow("5m");
        verify(dir, "predictiverollout", PredictiveAlertRules.groups(rollout), 7);
    }

    @Test
    void meteringRotationAlerts(@TempDir Path dir) throws Exception {
        var mr = MeteringRotations.rotation("finance", "daily", List.of("acme", "globex"), "http://prometheus:9090", "1h",
                Instant.parse("2026-11-01T00:00:00Z"), "2h");
        verify(dir, "meteringrotation", MeteringAlertRules.groups(mr), 2);
    }

    @Test
    void cacheWarmExperimentAlerts(@TempDir Path dir) throws Exception {
        var e = CacheWarmExperiments.topKAgainstControl("search-demo", "warmers-v3", List.of("acme", "globex"), "http://prometheus:9090",
                "http://search:8080/search");
        verify(dir, "cachewarmexperiment", ExperimentAlertRules.groups(e), 2);
    }

    @Test
    void accessReviewAlerts(@TempDir Path dir) throws Exception {
        var review = new dev.missioncontrol.operator.api.v1alpha1.AccessReview();
        review.getMetadata().setNamespace("governance");
        review.getMetadata().setName("quarterly");
        review.setSpec(new dev.missioncontrol.operator.api.v1alpha1.AccessReviewSpec());
        review.getSpec().setReviewers(List.of("rita@governance.example"));
        verify(dir, "accessreview", dev.missioncontrol.operator.accessreview.AccessReviewAlertRules.groups(review), 1);
    }

    @Test
    void searchSloBurnRateTiers(@TempDir Path dir) throws Exception {
        verify(dir, "searchslo", SloRules.groups(SearchSLOs.availability("search", "availability")), 10);
    }

    @Test
    void explanationExportAlerts(@TempDir Path dir) throws Exception {
        var x = dev.missioncontrol.operator.testing.ExplanationExports.basic("ml", "explanations", "http://sink.ml.svc:8080/v1/explanations");
        verify(dir, "explanationexport", dev.missioncontrol.operator.xai.XaiAlertRules.groups(x), 5);
    }

    /** Writes the rules as `<kind>.rules.yml`, checks them, then runs the fixture `<kind>.test.yml` against them. */
    static void verify(Path dir, String kind, List<RuleGroup> groups, int expectedRules) throws Exception {
        Path rules = dir.resolve(kind + ".rules.yml");
        Files.writeString(rules, RuleFile.render(groups));
        var check = ProcessRunner.promtool("check", "rules", rules.toString());
        assertThat(check.output()).as(check.output()).contains("SUCCESS: " + expectedRules + " rules found");
        assertThat(check.code()).isZero();

        Path tests = dir.resolve(kind + ".test.yml");
        try (InputStream in = PromtoolRulesTest.class.getResourceAsStream("/promtool/" + kind + ".test.yml")) {
            Files.write(tests, in.readAllBytes());
        }
        var test = ProcessRunner.promtool("test", "rules", tests.toString());
        System.out.printf("[%s] promtool test rules:%n%s", kind, test.output());
        assertThat(test.code()).as(Files.readString(rules) + "\n" + test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }
}
