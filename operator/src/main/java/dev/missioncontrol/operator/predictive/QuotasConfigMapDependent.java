package dev.missioncontrol.operator.predictive;

import dev.missioncontrol.core.json.RenderedJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRollout;
import dev.missioncontrol.operator.api.v1alpha1.QuotaSpec;
import dev.missioncontrol.operator.common.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import dev.missioncontrol.operator.common.OwnedDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * quotas.json, read by the predictive service: for every tenant of every wave, whether it is enabled now and
 * its requests-per-minute and daily budget (the spec's default unless overridden for that tenant).
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name=" + QuotasConfigMapDependent.COMPONENT))
public class QuotasConfigMapDependent extends OwnedDependentResource<ConfigMap, PredictiveRollout> {

    static final String COMPONENT = "predictive-quotas";
    public static final String FILE_NAME = "quotas.json";
    private static final ObjectMapper JSON = RenderedJson.indented();

    public static String document(PredictiveRollout rollout) {
        var spec = rollout.getSpec();
        var quotas = Optional.ofNullable(spec.getQuotas()).orElseGet(QuotaSpec::new);
        int rpm = quotas.requestsPerMinute();
        int daily = quotas.dailyBudget();
        List<String> enabled = Optional.ofNullable(rollout.getStatus()).map(s -> s.getEnabledTenants()).orElse(List.of());
        Map<String, Object> tenants = new TreeMap<>();
        for (var wave : spec.getWaves()) {
            for (String t : wave.getTenants()) {
                var override = quotas.getOverrides().stream().filter(o -> o.getTenant().equals(t)).findFirst();
                Map<String, Object> q = new LinkedHashMap<>();
                q.put("enabled", enabled.contains(t));
                q.put("requestsPerMinute", override.map(QuotaSpec.TenantQuota::getRequestsPerMinute).orElse(rpm));
                q.put("dailyBudget", override.map(QuotaSpec.TenantQuota::getDailyBudget).orElse(daily));
                tenants.put(t, q);
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("feature", spec.getFeature());
        doc.put("tenants", tenants);
        try {
            return JSON.writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String name(PredictiveRollout rollout) {
        return rollout.getMetadata().getName() + "-quotas";
    }

    @Override
    protected Optional<String> objectName(PredictiveRollout rollout) {
        return Optional.of(name(rollout));
    }

    @Override
    protected ConfigMap desired(PredictiveRollout rollout, Context<PredictiveRollout> context) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name(rollout))
                .withNamespace(rollout.getMetadata().getNamespace())
                .withLabels(Labels.of(COMPONENT, rollout))
                .endMetadata()
                .withData(Map.of(FILE_NAME, document(rollout)))
                .build();
    }
}
