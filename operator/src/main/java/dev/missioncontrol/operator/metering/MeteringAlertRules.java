package dev.missioncontrol.operator.metering;

import static dev.missioncontrol.operator.alerts.AlertRule.alert;
import static dev.missioncontrol.operator.alerts.AlertRule.quote;

import dev.missioncontrol.operator.alerts.AlertRule;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroupBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A metering rotation's alerts, on the operator's own gauges (derived from status):
 * missioncontrol_metering_variance_ratio{namespace,name,tenant} (newest checked window per tenant) over
 * spec.drift.threshold, and missioncontrol_metering_late_windows{namespace,name} above zero.
 */
public final class MeteringAlertRules {

    private MeteringAlertRules() {
    }

    public static List<RuleGroup> groups(MeteringRotation mr) {
        String ns = mr.getMetadata().getNamespace();
        String name = mr.getMetadata().getName();
        double threshold = mr.getSpec().drift().threshold();
        String selector = "{namespace=\"" + quote(ns) + "\",name=\"" + quote(name) + "\"}";
        String limit = String.format(Locale.ROOT, "%.2f %%", threshold * 100);
        String who = "MeteringRotation " + ns + "/" + name;
        return List.of(new RuleGroupBuilder().withName("missioncontrol.meteringrotation." + ns + "." + name).withRules(
                alert("MeteringDriftDetected",
                        "max by (namespace, name, tenant) (missioncontrol_metering_variance_ratio" + selector + ") > " + threshold,
                        Duration.ZERO, AlertRule.labels(mr, AlertRule.WARNING),
                        "Exported usage and metering disagree for tenant {{ $labels.tenant }}",
                        who + ": tenant {{ $labels.tenant }}'s export differs from metering by {{ $value | humanizePercentage }}"
                                + " (threshold " + limit + ").", "metering#drift"),
                alert("MeteringExportLate",
                        "max by (namespace, name) (missioncontrol_metering_late_windows" + selector + ") > 0",
                        Duration.ZERO, AlertRule.labels(mr, AlertRule.WARNING),
                        "Usage export windows are late",
                        who + " has {{ $value }} window(s) past their grace period without an export.", "metering#export-late"))
                .build());
    }
}
