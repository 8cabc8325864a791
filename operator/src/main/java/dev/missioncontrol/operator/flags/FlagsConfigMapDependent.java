package dev.missioncontrol.operator.flags;

import dev.missioncontrol.operator.common.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import dev.missioncontrol.operator.common.OwnedDependentResource;
import java.util.Map;
import java.util.Optional;

/**
 * A ConfigMap holding one primary's flagd document (key flags.json), labelled so a flagd sidecar or syncer can
 * select every flags ConfigMap the operator writes. Subclasses say only which component they are and what the flags are;
 * each keeps its own {@code @KubernetesDependent} informer selector on its component label.
 */
public abstract class FlagsConfigMapDependent<P extends HasMetadata> extends OwnedDependentResource<ConfigMap, P> {

    /** Every flags ConfigMap carries this label, so flagd can be pointed at all of them with one selector. */
    public static final String FLAGD_SOURCE_LABEL = "missioncontrol.dev/flagd-source";

    private final String component;

    protected FlagsConfigMapDependent(String component) {
        super(ConfigMap.class);
        this.component = component;
    }

    /** The flags ConfigMap of a primary: its name plus "-flags". */
    public static String name(HasMetadata primary) {
        return primary.getMetadata().getName() + "-flags";
    }

    protected abstract FlagdDocument flags(P primary);

    @Override
    protected Optional<String> objectName(P primary) {
        return Optional.of(name(primary));
    }

    @Override
    protected ConfigMap desired(P primary, Context<P> context) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name(primary))
                .withNamespace(primary.getMetadata().getNamespace())
                .withLabels(Labels.of(component, primary))
                .addToLabels(FLAGD_SOURCE_LABEL, "true")
                .endMetadata()
                .withData(Map.of(FlagdDocument.FILE_NAME, flags(primary).toJson()))
                .build();
    }
}
