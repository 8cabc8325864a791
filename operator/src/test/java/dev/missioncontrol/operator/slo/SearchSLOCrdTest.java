package dev.missioncontrol.operator.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.SearchSLO;
import dev.missioncontrol.operator.api.v1alpha1.SearchSLOSpec;
import dev.missioncontrol.operator.testing.ApiServerCrdTest;
import dev.missioncontrol.operator.testing.SearchSLOs;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The API server defaults a SearchSLO and rejects bad ones, naming the field. No operator involved. */
@Tag("apiserver")
class SearchSLOCrdTest extends ApiServerCrdTest {

    @Test
    void aValidSloIsAcceptedWithDefaults() {
        var created = client.resource(slo("valid", s -> s.getSpec().setPeriod(null))).create();
        assertThat(created.getSpec().getPeriod()).isEqualTo("30d");
        assertThat(created.getSpec().getSprint()).isEqualTo("14d");
        assertThat(created.getSpec().getInterval()).isEqualTo("5m");
    }

    @Test
    void badSlosAreRejectedNamingTheField() {
        String objective = "spec.objective is a percentage from 50 to below 100";
        assertRejected(slo("hundred", s -> s.getSpec().setObjective(100.0)), objective);
        assertRejected(slo("zero", s -> s.getSpec().setObjective(0.0)), objective);
        assertRejected(slo("ratio", s -> s.getSpec().setObjective(0.999)), "a ratio such as 0.999 must be written as 99.9");
        assertRejected(slo("both", s -> s.getSpec().getSli().setLatency(new SearchSLOSpec.Latency("m", "1.25", null))),
                "spec.sli needs exactly one of ratio or latency");
        assertRejected(slo("neither", s -> s.getSpec().getSli().setRatio(null)), "spec.sli needs exactly one of ratio or latency");
        assertRejected(slo("no-window", s -> s.getSpec().getSli().getRatio().setTotal("sum(rate(search_requests_total[5m]))")),
                "spec.sli.ratio.total must use {{window}}");
        assertRejected(slo("go-period", s -> s.getSpec().setPeriod("720hours")), "spec.period");
        assertRejected(slo("bad-address", s -> s.getSpec().setPrometheus(new SearchSLOSpec.Prometheus("prometheus:9090"))),
                "spec.prometheus.address must be an absolute http or https URL");
        assertRejected(slo("busy", s -> s.getSpec().setInterval("1s")), "spec.interval must be at least 5s");
    }

    @Test
    void periodsWindowsAndUnitsAreChecked() {
        String period = "spec.period must be at least 3d, the longest burn-rate alert window";
        assertRejected(slo("one-day", s -> s.getSpec().setPeriod("1d")), period);
        assertRejected(slo("almost-3d", s -> s.getSpec().setPeriod("2d23h59m")), period);
        assertRejected(slo("two-years", s -> s.getSpec().setPeriod("2y")), period);
        assertRejected(slo("zero-sprint", s -> s.getSpec().setSprint("0d")), "spec.sprint must be at least 1h");
        assertRejected(latency("ms", "federated_search_request_duration_seconds", "1250"),
                "spec.sli.latency.threshold", "seconds for a *_seconds metric: at most 60");
        assertRejected(latency("zero-le", "federated_search_request_duration_seconds", "0"), "spec.sli.latency.threshold must be above 0");
        assertRejected(latency("bucket", "federated_search_request_duration_seconds_bucket", "1.25"),
                "spec.sli.latency.metric is the histogram's name without _bucket");
        assertRejected(slo("other-placeholder", s -> s.getSpec().getSli().getRatio().setGood("sum(rate(ok{tenant=\"{{tenant}}\"}[{{window}}]))")),
                "spec.sli.ratio.good", "may use only the placeholder {{window}}");
        assertRejected(slo("spaced-window", s -> s.getSpec().getSli().getRatio().setTotal("sum(rate(all[{{ window }}])) or sum(rate(all[{{window}}]))")),
                "spec.sli.ratio.total", "may use only the placeholder {{window}}");
        for (String ok : List.of("3d", "4w", "72h", "1y", "2w3d")) {
            client.resource(slo("period-" + ok, s -> s.getSpec().setPeriod(ok))).dryRun().create();
        }
        client.resource(latency("ms-histogram", "request_duration_milliseconds", "250")).dryRun().create();
    }

    @Test
    void theServiceCannotBeRenamed() {
        client.resource(slo("named", s -> { })).create();
        assertChangeRejected(SearchSLO.class, "named", "{\"spec\":{\"service\":\"another-service\"}}", "spec.service",
                "spec.service cannot change");
    }

    private SearchSLO latency(String name, String metric, String threshold) {
        return slo(name, s -> {
            s.getSpec().getSli().setRatio(null);
            s.getSpec().getSli().setLatency(new SearchSLOSpec.Latency(metric, threshold, null));
        });
    }

    private SearchSLO slo(String name, Consumer<SearchSLO> change) {
        var slo = SearchSLOs.availability(namespace, name);
        change.accept(slo);
        return slo;
    }
}
