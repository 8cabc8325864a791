package dev.missioncontrol.operator.onboarding;

import dev.missioncontrol.core.onboarding.Budget;
import dev.missioncontrol.core.onboarding.Pack;
import dev.missioncontrol.core.onboarding.RenderRequest;
import dev.missioncontrol.operator.api.v1alpha1.OnboardingBudget;
import dev.missioncontrol.operator.api.v1alpha1.OnboardingPack;
import dev.missioncontrol.operator.api.v1alpha1.OnboardingPackSpec;
import dev.missioncontrol.operator.api.v1alpha1.TenantOnboardingSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The custom resources as the pure core's Pack and RenderRequest. The pack's name is the OnboardingPack's name. */
public final class PackConversion {

    private PackConversion() {
    }

    public static Pack pack(OnboardingPack resource) {
        OnboardingPackSpec s = resource.getSpec();
        Map<String, Pack.ParameterSchema> parameters = new TreeMap<>();
        Optional.ofNullable(s.getParameters()).orElse(Map.of()).forEach((name, p) -> parameters.put(name, new Pack.ParameterSchema(
                p.getType(), p.isRequired(), p.getEnumValues(), p.getMinimum(), p.getMaximum(), p.getPattern(), p.getDefaultValue())));
        List<Pack.NamespaceTemplate> namespaces = Optional.ofNullable(s.getNamespaces()).orElse(List.of()).stream()
                .map(n -> new Pack.NamespaceTemplate(n.getSuffix(), n.getWeight())).toList();
        Pack.LimitRangeTemplate limitRange = s.getLimitRange() == null ? null
                : new Pack.LimitRangeTemplate(s.getLimitRange().getDefaultLimits(), s.getLimitRange().getDefaultRequests());
        List<Pack.WorkloadTemplate> workloads = Optional.ofNullable(s.getWorkloads()).orElse(List.of()).stream()
                .map(w -> new Pack.WorkloadTemplate(w.getNamespaceSuffix(), w.getManifest())).toList();
        return new Pack(resource.getMetadata().getName(), s.getVersion(), parameters, namespaces, budget(s.getMinimumPerNamespace()),
                limitRange, s.getPodSecurity(), s.isIsolateNetwork(), s.getGroupClusterRoles(), s.getFeatureFlags(), s.getSearchSlo(),
                s.getMeteringPlan(), workloads);
    }

    public static RenderRequest request(TenantOnboardingSpec s) {
        return new RenderRequest(s.getTenantId(), s.getCostCentre(), s.getGroups(), s.getParameters(), budget(s.getBudget()));
    }

    static Budget budget(OnboardingBudget b) {
        return b == null ? null : new Budget(b.getPods(), b.getCpu(), b.getMemory(), b.getStorage(), b.getMeteringUnitsPerMonth());
    }
}
