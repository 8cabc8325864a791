package dev.missioncontrol.operator.xai;

import dev.missioncontrol.operator.api.v1alpha1.ExplanationExport;
import dev.missioncontrol.operator.common.Labels;
import dev.missioncontrol.operator.flags.FlagdDocument;
import dev.missioncontrol.operator.flags.FlagsConfigMapDependent;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The caveat banners that passed their checks, as a flagd document: flag xai-banner-&lt;tenant&gt; per tenant served. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name=" + BannerFlagsDependent.COMPONENT))
public class BannerFlagsDependent extends FlagsConfigMapDependent<ExplanationExport> {

    static final String COMPONENT = "xai-banner-flags";

    public BannerFlagsDependent() {
        super(COMPONENT);
    }

    @Override
    protected FlagdDocument flags(ExplanationExport x) {
        return BannerPlan.of(x).document();
    }
}
