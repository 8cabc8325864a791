package dev.missioncontrol.operator.xai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.ExplanationExport;
import dev.missioncontrol.operator.api.v1alpha1.ExplanationExportSpec;
import dev.missioncontrol.operator.testing.ApiServerCrdTest;
import dev.missioncontrol.operator.testing.ExplanationExports;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The API server defaults an ExplanationExport and rejects bad ones, naming the field. No operator involved. */
@Tag("apiserver")
class ExplanationExportCrdTest extends ApiServerCrdTest {

    @Test
    void aValidExportIsAcceptedWithDefaults() {
        var created = client.resource(export("valid", x -> {
            var kpis = new ExplanationExportSpec.Kpis();
            x.getSpec().setKpis(kpis);
            x.getSpec().setRetry(new ExplanationExportSpec.Retry());
        })).create();
        var spec = created.getSpec();
        assertThat(spec.getKpis().getCoverage()).isEqualTo(0.98);
        assertThat(spec.getKpis().getHintCoverage()).isEqualTo(0.9);
        assertThat(spec.getKpis().getOptOutBelow()).isEqualTo(0.03);
        assertThat(spec.getKpis().getUnbucketedBelow()).isEqualTo(0.01);
        assertThat(spec.getKpis().getMinimumEligible()).isEqualTo(200);
        assertThat(spec.getRetry().getInitial()).isEqualTo("1s");
        assertThat(spec.getRetry().getMax()).isEqualTo("30s");
        assertThat(spec.getRetry().getTotal()).isEqualTo("5m");
        assertThat(spec.getSink().getTimeout()).isEqualTo("10s");
        assertThat(spec.getSource().getPath()).isEqualTo("events");
        assertThat(spec.getBanners().get(0).getSeverity()).isEqualTo("info");
    }

    @Test
    void badExportsAreRejectedNamingTheField() {
        assertRejected(export("ftp-sink", x -> x.getSpec().getSink().setUrl("ftp://sink.example/x")), "spec.sink.url must be an absolute http or https URL");
        assertRejected(export("no-scheme", x -> x.getSpec().getSink().setUrl("sink.example:8080")), "spec.sink.url must be an absolute http or https URL");
        assertRejected(export("max-below-initial", x -> {
            var retry = new ExplanationExportSpec.Retry();
            retry.setInitial("10s");
            retry.setMax("2s");
            x.getSpec().setRetry(retry);
        }), "spec.retry.max must not be below spec.retry.initial");
        assertRejected(export("max-below-default-initial", x -> {
            var retry = new ExplanationExportSpec.Retry();
            retry.setMax("500ms");
            x.getSpec().setRetry(retry);
        }), "spec.retry.max must not be below spec.retry.initial");
        assertRejected(export("coverage-one", x -> x.getSpec().setKpis(kpis(k -> k.setCoverage(1.0)))), "spec.kpis.coverage must be between 0 and 1");
        assertRejected(export("coverage-percent", x -> x.getSpec().setKpis(kpis(k -> k.setCoverage(98.0)))), "spec.kpis.coverage must be between 0 and 1");
        assertRejected(export("hints-zero", x -> x.getSpec().setKpis(kpis(k -> k.setHintCoverage(0.0)))), "spec.kpis.hintCoverage must be between 0 and 1");
        assertRejected(export("optout-negative", x -> x.getSpec().setKpis(kpis(k -> k.setOptOutBelow(-0.1)))), "spec.kpis.optOutBelow must be between 0 and 1");
        assertRejected(export("unbucketed-one", x -> x.getSpec().setKpis(kpis(k -> k.setUnbucketedBelow(1.5)))),
                "spec.kpis.unbucketedBelow must be between 0 and 1");
        assertRejected(export("unknown-tenant", x -> x.getSpec().getBanners().add(
                ExplanationExports.banner("initech", "AI-generated.", "#000000", "#FFFFFF"))), "spec.banners[].tenant must be one of spec.tenants");
        assertRejected(export("named-colour", x -> x.getSpec().getBanners().get(0).setTextColor("grey")), "spec.banners[].textColor must be a #RRGGBB colour");
        assertRejected(export("short-colour", x -> x.getSpec().getBanners().get(0).setBackgroundColor("#FFF")),
                "spec.banners[].backgroundColor must be a #RRGGBB colour");
        assertRejected(export("two-defaults", x -> x.getSpec().getBanners().add(
                ExplanationExports.banner(null, "AI-generated, again.", "#000000", "#FFFFFF"))), "spec.banners: at most one banner per tenant");
        assertRejected(export("duplicate-tenants", x -> x.getSpec().setTenants(List.of("acme", "acme"))), "spec.tenants", "");
        assertRejected(export("severity", x -> x.getSpec().getBanners().get(0).setSeverity("loud")), "spec.banners[].severity must be info, warning or critical");
    }

    @Test
    void aBannerForAKnownTenantAndALightGreyOneAreAccepted() {
        // the API server checks shape; contrast is the operator's check (BannersAccessible), so light grey is accepted here
        client.resource(export("grey", x -> x.getSpec().getBanners().add(
                ExplanationExports.banner("acme", "AI-generated, faintly.", "#CCCCCC", "#FFFFFF")))).dryRun().create();
    }

    private static ExplanationExportSpec.Kpis kpis(Consumer<ExplanationExportSpec.Kpis> change) {
        var k = new ExplanationExportSpec.Kpis();
        change.accept(k);
        return k;
    }

    private ExplanationExport export(String name, Consumer<ExplanationExport> change) {
        var x = ExplanationExports.basic(namespace, name, "http://sink.xai.svc:8080/v1/explanations");
        change.accept(x);
        return x;
    }
}
