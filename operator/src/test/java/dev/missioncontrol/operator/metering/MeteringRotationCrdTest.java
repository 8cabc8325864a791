package dev.missioncontrol.operator.metering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationSpec;
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

    @Test
    void schedulesAreTakenAsACronJobTakesThem() {
        String cron = "must be a cron schedule as a Kubernetes CronJob takes it";
        for (String macro : List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly")) {
            client.resource(rotation("macro-" + macro.substring(1), r -> {
                r.getSpec().getExport().setSchedule(macro);
                r.getSpec().setRotation(new MeteringRotationSpec.KeyRotationSpec());
                r.getSpec().getRotation().setSchedule(macro);
            })).dryRun().create();
        }
        client.resource(rotation("fields", r -> r.getSpec().getExport().setSchedule("5,35 */2 1-15 JAN-JUN ?"))).dryRun().create();
        assertRejected(rotation("four-fields", r -> r.getSpec().getExport().setSchedule("0 * * *")), "spec.export.schedule", cron);
        assertRejected(rotation("six-fields", r -> r.getSpec().getExport().setSchedule("0 0 * * * *")), "spec.export.schedule", cron);
        assertRejected(rotation("minute-60", r -> r.getSpec().getExport().setSchedule("60 * * * *")), "spec.export.schedule", cron);
        // What kube-apiserver refuses in a CronJob: a capitalised descriptor, day-of-week 7, a step of 0.
        assertRejected(rotation("capital-macro", r -> r.getSpec().getExport().setSchedule("@Daily")), "spec.export.schedule", cron);
        assertRejected(rotation("weekday-7", r -> r.getSpec().getExport().setSchedule("0 0 * * 7")), "spec.export.schedule", cron);
        assertRejected(rotation("step-0", r -> r.getSpec().getExport().setSchedule("*/0 * * * *")), "spec.export.schedule", cron);
        assertRejected(rotation("step-00", r -> r.getSpec().getExport().setSchedule("0 0/00 * * *")), "spec.export.schedule", cron);
        client.resource(rotation("step-05", r -> r.getSpec().getExport().setSchedule("*/05 0-23/12 * * MON-fri"))).dryRun().create();
        assertRejected(rotation("every", r -> {
            r.getSpec().setRotation(new MeteringRotationSpec.KeyRotationSpec());
            r.getSpec().getRotation().setSchedule("@every 720h");
        }), "spec.rotation.schedule", cron);
    }

    @Test
    void datesQueriesAndRangesAreChecked() {
        assertRejected(rotation("feb-30", r -> r.getSpec().getExport().setSince("2026-02-30T00:00:00Z")), "spec.export.since",
                "must be a real date");
        assertRejected(rotation("plural", r -> r.getSpec().getExport().setUsageQuery("sum(u{tenant=~\"{{tenants}}\"}[{{window}}])")),
                "spec.export.usageQuery", "may use only the placeholders {{tenant}} and {{window}}");
        assertRejected(rotation("all-usage", r -> r.getSpec().getExport().setUsageQuery("sum(increase(u[{{window}}]))")),
                "spec.export.usageQuery", "must select one tenant with {{tenant}}");
        assertRejected(rotation("spaced", r -> drift(r).setMeteredQuery("sum(m{tenant=\"{{ tenant }}\"})")),
                "spec.drift.meteredQuery", "may use only the placeholders {{tenant}} and {{window}}");
        assertRejected(rotation("drift-percent", r -> drift(r).setThreshold(1.5)), "spec.drift.threshold", "should be less than 1");
        assertRejected(rotation("drift-zero", r -> drift(r).setThreshold(0.0)), "spec.drift.threshold", "should be greater than 0");
        assertRejected(rotation("no-grace", r -> r.getSpec().setGracePeriod("0s")), "spec.gracePeriod", "must be at least 1s");
        assertRejected(rotation("no-overlap", r -> {
            r.getSpec().setRotation(new MeteringRotationSpec.KeyRotationSpec());
            r.getSpec().getRotation().setOverlap("0s");
        }), "spec.rotation.overlap", "must be at least spec.export.window");
        assertRejected(rotation("image-space", r -> r.getSpec().getExport().setImage("mission control")), "spec.export.image", "should match");
        client.resource(rotation("queries", r -> {
            r.getSpec().getExport().setUsageQuery("sum(increase(u{tenant=\"{{tenant}}\"}[{{window}}]))");
            drift(r).setMeteredQuery("sum(increase(m{tenant=\"{{tenant}}\"}[{{window}}]))");
            r.getSpec().getExport().setSince("2028-02-29T00:00:00.250+02:00");
        })).dryRun().create();
    }

    @Test
    void theExportWindowCannotChange() {
        client.resource(rotation("fixed-window", r -> { })).create();
        assertChangeRejected(MeteringRotation.class, "fixed-window", "{\"spec\":{\"export\":{\"window\":\"24h\"}}}", "spec.export.window",
                "spec.export.window cannot change");
    }

    private static MeteringRotationSpec.DriftSpec drift(MeteringRotation r) {
        if (r.getSpec().getDrift() == null) {
            r.getSpec().setDrift(new MeteringRotationSpec.DriftSpec());
        }
        return r.getSpec().getDrift();
    }

    private MeteringRotation rotation(String name, Consumer<MeteringRotation> change) {
        var mr = MeteringRotations.rotation(namespace, name, List.of("acme"), "http://prometheus:9090", "1h", Instant.parse("2026-11-01T00:00:00Z"), "2h");
        change.accept(mr);
        return mr;
    }
}
