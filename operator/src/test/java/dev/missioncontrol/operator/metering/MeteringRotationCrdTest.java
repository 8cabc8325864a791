package dev.missioncontrol.operator.metering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.testing.ApiServerCrdTest;
import dev.missioncontrol.operator.testing.MeteringRotations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The API server rejects bad MeteringRotations naming the field, and fills in the documented defaults. */
@Tag("apiserver")
class MeteringRotationCrdTest extends ApiServerCrdTest {

    @Test
    void defaultsAreTheProductTargets() {
        var mr = rotation("defaults", r -> {
            r.getSpec().setGracePeriod(null);
            r.getSpec().getExport().setWindow(null);
        });
        var created = client.resource(mr).create();
        assertThat(created.getSpec().getDrift().getThreshold()).isEqualTo(0.003);
        assertThat(created.getSpec().getGracePeriod()).isEqualTo("2h");
        assertThat(created.getSpec().getExport().getWindow()).isEqualTo("1h");
        assertThat(created.getSpec().getRotation().getOverlap()).isEqualTo("720h");
        assertThat(created.getSpec().getRetentionWindows()).isEqualTo(744);
    }

    @Test
    void badRotationsAreRejected() {
        assertRejected(rotation("zero-window", r -> r.getSpec().getExport().setWindow("0s")), "spec.export.window", "at least 1s");
        assertRejected(rotation("dup-tenants", r -> r.getSpec().setTenants(new ArrayList<>(List.of("acme", "acme")))), "spec.tenants",
                "tenant ids must be unique");
        assertRejected(rotation("escape", r -> r.getSpec().getExport().getDestination().setPath("../../etc")), "spec.export.destination.path",
                "must stay inside the volume");
        assertRejected(rotation("no-pvc", r -> r.getSpec().getExport().getDestination().setPersistentVolumeClaim(null)),
                "spec.export.destination.persistentVolumeClaim", "Required value");
    }

    private MeteringRotation rotation(String name, Consumer<MeteringRotation> change) {
        var mr = MeteringRotations.rotation(namespace, name, List.of("acme"), "http://prometheus:9090", "1h", Instant.parse("2026-11-01T00:00:00Z"), "2h");
        change.accept(mr);
        return mr;
    }
}
