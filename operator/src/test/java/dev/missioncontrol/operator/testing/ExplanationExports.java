package dev.missioncontrol.operator.testing;

import dev.missioncontrol.operator.api.v1alpha1.ExplanationExport;
import dev.missioncontrol.operator.api.v1alpha1.ExplanationExportSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;

/** ExplanationExports for tests: two tenants, a sink on loopback, a compliant default banner. */
public final class ExplanationExports {

    private ExplanationExports() {
    }

    public static ExplanationExportSpec.Banner banner(String tenant, String text, String fg, String bg) {
        var b = new ExplanationExportSpec.Banner();
        b.setTenant(tenant);
        b.setText(text);
        b.setTextColor(fg);
        b.setBackgroundColor(bg);
        var link = new ExplanationExportSpec.Link();
        link.setUrl("https://help.example/explanations");
        link.setText("How explanations are made");
        b.setLink(link);
        return b;
    }

    public static ExplanationExport basic(String namespace, String name, String sinkUrl) {
        var x = new ExplanationExport();
        x.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        var spec = new ExplanationExportSpec();
        var source = new ExplanationExportSpec.Source();
        source.setPersistentVolumeClaim("xai-events");
        spec.setSource(source);
        var sink = new ExplanationExportSpec.Sink();
        sink.setUrl(sinkUrl);
        spec.setSink(sink);
        spec.setTenants(new ArrayList<>(List.of("acme", "globex")));
        spec.setBanners(new ArrayList<>(List.of(banner(null, "AI-generated explanation: it may be wrong.", "#1F2328", "#FFF8C5"))));
        x.setSpec(spec);
        return x;
    }
}
