package dev.missioncontrol.operator.runtime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.CustomResource;
import io.quarkus.kubernetes.client.KubernetesClientObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The operator's own kinds are read without their {@code metadata.managedFields}: nothing in the operator reads who
 * manages which field of a primary (it writes their status with server-side apply, which never sends managedFields),
 * and in the informers' caches the entries were about a third of each cached object (issue 12: memory at 1,000
 * cohorts). Only {@link CustomResource} subclasses lose them; the objects the operator owns (Deployments, Services,
 * ConfigMaps) keep the operator's own entry, which the server-side-apply comparison reads
 * ({@code ProjectedCaches.ownManagedFieldsOnly}).
 */
@Singleton
public class PrimaryManagedFields implements KubernetesClientObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        apply(mapper);
    }

    /** Adds the rule to a mapper (also used by tests). */
    public static ObjectMapper apply(ObjectMapper mapper) {
        return mapper.addMixIn(CustomResource.class, WithoutManagedFields.class);
    }

    /** {@code metadata} of a custom resource, read and written without {@code managedFields}. */
    abstract static class WithoutManagedFields {
        @JsonIgnoreProperties({"managedFields"})
        abstract ObjectMeta getMetadata();

        @JsonIgnoreProperties({"managedFields"})
        abstract void setMetadata(ObjectMeta metadata);
    }
}
