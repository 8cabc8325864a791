package dev.missioncontrol.operator.testing;

import dev.missioncontrol.operator.api.v1alpha1.DpiaSpec;
import dev.missioncontrol.operator.api.v1alpha1.LicenseTextRef;
import dev.missioncontrol.operator.api.v1alpha1.MarketplaceSource;
import dev.missioncontrol.operator.api.v1alpha1.MarketplaceSourceSpec;
import dev.missioncontrol.operator.api.v1alpha1.SourceLicenseSpec;
import dev.missioncontrol.operator.marketplace.MarketplaceSourceReconciler;
import dev.missioncontrol.operator.marketplace.SourceAssessment;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Builds MarketplaceSources (and the license text ConfigMaps they register) for tests. */
public final class MarketplaceSources {

    public static final String TERMS = "Data Licence Terms v3. Attribution required. No derivative datasets.\n";

    private MarketplaceSources() {
    }

    /** A license text ConfigMap the operator watches. */
    public static void licenseText(KubernetesClient client, String namespace, String name, String text) {
        client.resource(new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels(MarketplaceSourceReconciler.LICENSE_TEXT_LABEL, "true").endMetadata()
                .addToData("LICENSE", text).build()).serverSideApply();
    }

    /** A complete card whose DPIA was approved an hour ago and expires at the given time. */
    public static MarketplaceSource source(String namespace, String name, String licenseConfigMap, String registeredText,
            Instant dpiaExpiresAt) {
        var license = new SourceLicenseSpec();
        license.setSpdx("LicenseRef-provider-terms");
        license.setClauses(new ArrayList<>(List.of("attribution-required", "no-derivatives")));
        license.setTextSha256(SourceAssessment.sha256(registeredText));
        license.setTextRef(new LicenseTextRef(LicenseTextRef.Kind.ConfigMap, licenseConfigMap, "LICENSE"));
        var dpia = new DpiaSpec();
        dpia.setReference("DPIA-2026-" + name);
        dpia.setRisk(DpiaSpec.Risk.medium);
        dpia.setApprovedBy("dpo@example.com");
        dpia.setApprovedAt(Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
        dpia.setExpiresAt(dpiaExpiresAt.truncatedTo(ChronoUnit.SECONDS).toString());
        var spec = new MarketplaceSourceSpec();
        spec.setProvider("Provider of " + name);
        spec.setDescription("Test source " + name);
        spec.setDataCategories(new ArrayList<>(List.of("weather")));
        spec.setEndpoint("https://" + name + ".provider.example/search");
        spec.setLicense(license);
        spec.setDpia(dpia);
        var s = new MarketplaceSource();
        s.getMetadata().setName(name);
        s.getMetadata().setNamespace(namespace);
        s.setSpec(spec);
        s.setStatus(null);
        return s;
    }
}
