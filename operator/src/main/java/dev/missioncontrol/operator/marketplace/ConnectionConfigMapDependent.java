package dev.missioncontrol.operator.marketplace;

import dev.missioncontrol.core.json.RenderedJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.operator.api.v1alpha1.ConnectRequest;
import dev.missioncontrol.operator.api.v1alpha1.MarketplaceSource;
import dev.missioncontrol.operator.common.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import dev.missioncontrol.operator.common.OwnedDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The tenant's connection configuration; exists only while the request is Connected (its precondition). */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name=" + ConnectionConfigMapDependent.COMPONENT))
public class ConnectionConfigMapDependent extends OwnedDependentResource<ConfigMap, ConnectRequest> {

    static final String COMPONENT = "marketplace-connection";
    private static final ObjectMapper JSON = RenderedJson.indented();

    public static String name(ConnectRequest request) {
        return request.getMetadata().getName() + "-connection";
    }

    @Override
    protected Optional<String> objectName(ConnectRequest request) {
        return Optional.of(name(request));
    }

    @Override
    protected ConfigMap desired(ConnectRequest request, Context<ConnectRequest> context) {
        var spec = request.getSpec();
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("request", request.getMetadata().getName());
        connection.put("tenant", spec.getTenant());
        connection.put("source", spec.getSourceRef());
        context.getSecondaryResource(MarketplaceSource.class).ifPresent(source -> {
            connection.put("provider", source.getSpec().getProvider());
            connection.put("endpoint", source.getSpec().getEndpoint());
            connection.put("license", Map.of("spdx", source.getSpec().getLicense().getSpdx(),
                    "clauses", source.getSpec().getLicense().getClauses()));
        });
        connection.put("purpose", spec.getPurpose());
        String json;
        try {
            json = JSON.writeValueAsString(connection) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name(request))
                .withNamespace(request.getMetadata().getNamespace())
                .withLabels(Labels.of(COMPONENT, request))
                .endMetadata()
                .withData(Map.of("connection.json", json))
                .build();
    }
}
