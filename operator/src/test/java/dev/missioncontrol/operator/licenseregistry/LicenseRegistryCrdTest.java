package dev.missioncontrol.operator.licenseregistry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.IndexSpec;
import dev.missioncontrol.operator.api.v1alpha1.LicensePin;
import dev.missioncontrol.operator.api.v1alpha1.LicenseRegistry;
import dev.missioncontrol.operator.api.v1alpha1.LicenseRegistrySpec;
import dev.missioncontrol.operator.api.v1alpha1.LicenseSpec;
import dev.missioncontrol.operator.api.v1alpha1.LicenseTextRef;
import dev.missioncontrol.operator.testing.ApiServerCrdTest;
import dev.missioncontrol.operator.testing.FederationCohorts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The LicenseRegistry schema and the cohort's license pin fields against the real kube-apiserver: a second pin of the
 * same {spdxId, listVersion} is refused by the API server itself (list-map), a hash that is not 64 lower-hex is refused,
 * and a cohort's textSha256 without textRef (or a textRef with neither textSha256 nor listVersion) is refused by name.
 */
@Tag("apiserver")
class LicenseRegistryCrdTest extends ApiServerCrdTest {

    static final String SHA = "a".repeat(64);

    LicenseRegistry registry(String name, LicensePin... pins) {
        var r = new LicenseRegistry();
        r.getMetadata().setName(name);
        r.getMetadata().setNamespace(namespace);
        var spec = new LicenseRegistrySpec();
        spec.setPins(new ArrayList<>(List.of(pins)));
        r.setSpec(spec);
        return r;
    }

    @Test
    void pinsAreAListMapKeyedBySpdxIdAndListVersion() {
        var created = client.resource(registry("ok", new LicensePin("MIT", "3.22", SHA), new LicensePin("MIT", "3.23", SHA))).create();
        assertThat(created.getSpec().getPins()).hasSize(2);
        assertRejected(registry("dup", new LicensePin("MIT", "3.22", SHA), new LicensePin("MIT", "3.22", "b".repeat(64))),
                "spec.pins[1]", "Duplicate value");
    }

    @Test
    void aHashThatIsNotSixtyFourLowerHexIsRefused() {
        assertRejected(registry("upper", new LicensePin("MIT", "3.22", SHA.toUpperCase())), "spec.pins[0].sha256", "should match");
        assertRejected(registry("short", new LicensePin("MIT", "3.22", "abc")), "spec.pins[0].sha256", "should match");
    }

    @Test
    void aCohortPinNeedsItsTextAndARegistryPinNeedsTheListVersion() {
        FederationCohort noRef = FederationCohorts.cohort(namespace, "no-ref", List.of("acme"));
        var license = new LicenseSpec("MIT", List.of());
        license.setTextSha256(SHA);
        noRef.getSpec().getSearch().getIndexes().set(0, withLicense(license));
        assertRejected(noRef, "textSha256 pins the text in textRef");

        FederationCohort noVersion = FederationCohorts.cohort(namespace, "no-version", List.of("acme"));
        var unpinned = new LicenseSpec("MIT", List.of());
        unpinned.setTextRef(new LicenseTextRef(LicenseTextRef.Kind.ConfigMap, "mit", "LICENSE"));
        noVersion.getSpec().getSearch().getIndexes().set(0, withLicense(unpinned));
        assertRejected(noVersion, "set listVersion");
    }

    static IndexSpec withLicense(LicenseSpec license) {
        var index = new IndexSpec("products", "https://products.example.com/search");
        index.setLicense(license);
        return index;
    }
}
