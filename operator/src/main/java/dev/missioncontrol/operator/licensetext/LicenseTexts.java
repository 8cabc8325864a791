package dev.missioncontrol.operator.licensetext;

import dev.missioncontrol.operator.api.v1alpha1.LicenseTextRef;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * License texts referenced by a kind (MarketplaceSource, FederationCohort): a ConfigMap or Secret labelled
 * {@value #LABEL}{@code =true}, watched only when labelled so the operator does not cache every ConfigMap and Secret,
 * and read from the informer's cache (no API call per reconciliation).
 */
public final class LicenseTexts {

    public static final String LABEL = "missioncontrol.dev/license-text";

    private LicenseTexts() {
    }

    /** An informer on the labelled ConfigMaps or Secrets, waking the primaries {@code toPrimaries} names. */
    public static <R extends HasMetadata, P extends HasMetadata> InformerEventSource<R, P> eventSource(EventSourceContext<P> context,
            Class<R> type, Class<P> primary, String name, Function<R, Set<ResourceID>> toPrimaries) {
        return new InformerEventSource<>(InformerEventSourceConfiguration.from(type, primary)
                .withName(name)
                .withLabelSelector(LABEL + "=true")
                .withSecondaryToPrimaryMapper(toPrimaries::apply)
                .build(), context);
    }

    /** The text {@code ref} names in {@code namespace}, looked up in the caches given. */
    public static LicenseText read(LicenseTextRef ref, String namespace, Function<ResourceID, Optional<ConfigMap>> configMaps,
            Function<ResourceID, Optional<Secret>> secrets) {
        return read(ref, "spec.license.textRef", namespace, configMaps, secrets);
    }

    /** As above; {@code field} is where the reference is in the spec, named in the messages. */
    public static LicenseText read(LicenseTextRef ref, String field, String namespace, Function<ResourceID, Optional<ConfigMap>> configMaps,
            Function<ResourceID, Optional<Secret>> secrets) {
        LicenseTextRef.Kind kind = ref.kind();
        var id = new ResourceID(ref.getName(), namespace);
        String where = kind + " " + ref.getName() + " (key " + ref.getKey() + ") was not found in namespace "
                + namespace + ", or lacks the label " + LABEL + "=true the operator watches.";
        if (kind == LicenseTextRef.Kind.Secret) {
            var secret = secrets.apply(id);
            if (secret.isEmpty()) {
                return new LicenseText(Optional.empty(), where);
            }
            var data = Optional.ofNullable(secret.get().getData()).orElse(Map.of());
            var stringData = Optional.ofNullable(secret.get().getStringData()).orElse(Map.of());
            if (data.get(ref.getKey()) != null) {
                return new LicenseText(decode(data.get(ref.getKey())), where);
            }
            if (stringData.get(ref.getKey()) != null) {
                return new LicenseText(Optional.of(stringData.get(ref.getKey()).getBytes(StandardCharsets.UTF_8)), where);
            }
            return LicenseText.keyMissing("Secret", ref.getName(), ref.getKey(), keys(data, stringData), field);
        }
        var configMap = configMaps.apply(id);
        if (configMap.isEmpty()) {
            return new LicenseText(Optional.empty(), where);
        }
        var data = Optional.ofNullable(configMap.get().getData()).orElse(Map.of());
        var binary = Optional.ofNullable(configMap.get().getBinaryData()).orElse(Map.of());
        if (data.get(ref.getKey()) != null) {
            return new LicenseText(Optional.of(data.get(ref.getKey()).getBytes(StandardCharsets.UTF_8)), where);
        }
        if (binary.get(ref.getKey()) != null) {
            return new LicenseText(decode(binary.get(ref.getKey())), where);
        }
        return LicenseText.keyMissing("ConfigMap", ref.getName(), ref.getKey(), keys(data, binary), field);
    }

    private static Set<String> keys(Map<String, String> a, Map<String, String> b) {
        var keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    /** Base64 from the API server; anything else is no text (never an exception in status). */
    private static Optional<byte[]> decode(String base64) {
        try {
            return Optional.of(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
