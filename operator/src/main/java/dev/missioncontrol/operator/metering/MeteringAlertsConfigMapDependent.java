package dev.missioncontrol.operator.metering;

import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.common.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * This resource's alerts, as a Prometheus rule file (load it with a rule_files entry or the Prometheus
 * Operator's ConfigMap-to-rule sidecars). They fire on the operator's own gauges
 * missioncontrol_metering_variance_ratio and missioncontrol_metering_late_windows.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name=" + MeteringAlertsConfigMapDependent.COMPONENT))
public class MeteringAlertsConfigMapDependent extends CRUDKubernetesDependentResource<ConfigMap, MeteringRotation> {

    static final String COMPONENT = "metering-alerts";
    public static final String FILE = "metering.rules.yml";

    public static String rules(MeteringRotation mr) {
        String ns = mr.getMetadata().getNamespace();
        String name = mr.getMetadata().getName();
        double threshold = Optional.ofNullable(mr.getSpec().getDrift()).map(d -> d.getThreshold()).orElse(0.003);
        String selector = "namespace=\"" + ns + "\",name=\"" + name + "\"";
        return String.format(Locale.ROOT, """
                groups:
                  - name: metering.%1$s.%2$s
                    rules:
                      - alert: MeteringDriftDetected
                        expr: max by (namespace, name, tenant) (missioncontrol_metering_variance_ratio{%3$s}) > %4$s
                        labels:
                          severity: ticket
                        annotations:
                          summary: Exported usage and metering disagree for tenant {{ $labels.tenant }}
                          description: "MeteringRotation {{ $labels.namespace }}/{{ $labels.name }}: tenant {{ $labels.tenant }}'s export differs from metering by {{ $value | humanizePercentage }} (threshold %5$s)."
                          runbook_url: https://missioncontrol.dev/runbooks/metering#drift
                      - alert: MeteringExportLate
                        expr: max by (namespace, name) (missioncontrol_metering_late_windows{%3$s}) > 0
                        labels:
                          severity: ticket
                        annotations:
                          summary: Usage export windows are late
                          description: "MeteringRotation {{ $labels.namespace }}/{{ $labels.name }} has {{ $value }} window(s) past their grace period without an export."
                          runbook_url: https://missioncontrol.dev/runbooks/metering#export-late
                """, ns, name, selector, threshold, String.format(Locale.ROOT, "%.2f %%", threshold * 100));
    }

    @Override
    protected ConfigMap desired(MeteringRotation mr, Context<MeteringRotation> context) {
        return new ConfigMapBuilder().withNewMetadata().withName(mr.getMetadata().getName() + "-alerts")
                .withNamespace(mr.getMetadata().getNamespace()).withLabels(Labels.of(COMPONENT, mr))
                .addToLabels("missioncontrol.dev/prometheus-rules", "true").endMetadata()
                .withData(Map.of(FILE, rules(mr))).build();
    }
}
