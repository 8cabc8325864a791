package dev.missioncontrol.operator.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.SearchSLO;
import dev.missioncontrol.operator.api.v1alpha1.SearchSLOSpec;
import dev.missioncontrol.operator.testing.ApiServerCrdTest;
import dev.missioncontrol.operator.testing.SearchSLOs;
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
        assertRejected(slo("hundred", s -> s.getSpec().setObjective(100.0)), "spec.objective must be a percentage above 0 and below 100");
        assertRejected(slo("zero", s -> s.getSpec().setObjective(0.0)), "spec.objective must be a percentage above 0 and below 100");
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

    private SearchSLO slo(String name, Consumer<SearchSLO> change) {
        var slo = SearchSLOs.availability(namespace, name);
        change.accept(slo);
        return slo;
    }
}
