package dev.missioncontrol.operator.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missioncontrol.operator.api.v1alpha1.SearchSLO;
import dev.missioncontrol.operator.api.v1alpha1.SearchSLOSpec;
import dev.missioncontrol.operator.testing.LocalCluster;
import dev.missioncontrol.operator.testing.SearchSLOs;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The API server defaults a SearchSLO and rejects bad ones, naming the field. No operator involved. */
@Tag("cluster")
class SearchSLOCrdTest {

    static KubernetesClient client;
    static String namespace;

    @BeforeAll
    static void setUp() {
        client = LocalCluster.client();
        LocalCluster.installCrds(client);
        namespace = LocalCluster.createNamespace(client, "mc-slocrd");
    }

    @AfterAll
    static void tearDown() {
        LocalCluster.release(client, namespace);
    }

    @Test
    void aValidSloIsAcceptedWithDefaults() {
        var created = client.resource(slo("valid", s -> s.getSpec().setPeriod(null))).create();
        assertThat(created.getSpec().getPeriod()).isEqualTo("30d");
        assertThat(created.getSpec().getSprint()).isEqualTo("14d");
        assertThat(created.getSpec().getInterval()).isEqualTo("5m");
    }

    @Test
    void badSlosAreRejectedNamingTheField() {
        reject(slo("hundred", s -> s.getSpec().setObjective(100.0)), "spec.objective must be a percentage above 0 and below 100");
        reject(slo("zero", s -> s.getSpec().setObjective(0.0)), "spec.objective must be a percentage above 0 and below 100");
        reject(slo("both", s -> s.getSpec().getSli().setLatency(new SearchSLOSpec.Latency("m", "1.25", null))),
                "spec.sli needs exactly one of ratio or latency");
        reject(slo("neither", s -> s.getSpec().getSli().setRatio(null)), "spec.sli needs exactly one of ratio or latency");
        reject(slo("no-window", s -> s.getSpec().getSli().getRatio().setTotal("sum(rate(search_requests_total[5m]))")),
                "spec.sli.ratio.total must use {{window}}");
        reject(slo("go-period", s -> s.getSpec().setPeriod("720hours")), "spec.period");
        reject(slo("bad-address", s -> s.getSpec().setPrometheus(new SearchSLOSpec.Prometheus("prometheus:9090"))),
                "spec.prometheus.address must be an absolute http or https URL");
        reject(slo("busy", s -> s.getSpec().setInterval("1s")), "spec.interval must be at least 5s");
    }

    private SearchSLO slo(String name, Consumer<SearchSLO> change) {
        var slo = SearchSLOs.availability(namespace, name);
        change.accept(slo);
        return slo;
    }

    private void reject(SearchSLO slo, String message) {
        assertThatThrownBy(() -> client.resource(slo).create()).isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> {
                    assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains(message);
                    System.out.printf("[apiserver] rejected SearchSLO %s: %s%n", slo.getMetadata().getName(),
                            ((KubernetesClientException) e).getStatus().getMessage());
                });
    }
}
