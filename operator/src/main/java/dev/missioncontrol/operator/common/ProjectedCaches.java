package dev.missioncontrol.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Informer caches that keep only what the operator reads of an object (a projection), so that memory grows with what
 * is used, not with the whole object (docs/operations.md#memory).
 */
public final class ProjectedCaches {

    private ProjectedCaches() {
    }

    /**
     * A store keeping {@code projection} of each object, when the controller has one informer per event source: it
     * watches every namespace or exactly one. Empty when it watches several: JOSDK gives the one configured store to
     * each namespace's informer, and an informer's relist removes from its store every object its own list lacks, so
     * a shared store would lose the other namespaces' objects. The whole object is cached then, as without a store.
     */
    public static <R extends HasMetadata> Optional<ItemStore<R>> store(EventSourceContext<?> context, UnaryOperator<R> projection) {
        return context.getControllerConfiguration().getEffectiveNamespaces().size() == 1
                ? Optional.of(new TransformingItemStore<>(projection))
                : Optional.empty();
    }

    /**
     * Keeps of an object's {@code managedFields} only the entries of {@code fieldManager} (the operator's own): the
     * server-side-apply comparison of a dependent reads only the operator's entry, and the other managers' entries (the
     * API server's, kube-controller-manager's status writes) are most of what managedFields weigh. The object is changed
     * in place: it is the informer's fresh copy of what the watch delivered.
     */
    public static <R extends HasMetadata> UnaryOperator<R> ownManagedFieldsOnly(String fieldManager) {
        return r -> {
            var meta = r.getMetadata();
            if (meta != null && meta.getManagedFields() != null && !meta.getManagedFields().isEmpty()) {
                List<io.fabric8.kubernetes.api.model.ManagedFieldsEntry> own = meta.getManagedFields().stream()
                        .filter(e -> fieldManager.equals(e.getManager()))
                        .toList();
                if (own.size() != meta.getManagedFields().size()) {
                    meta.setManagedFields(new java.util.ArrayList<>(own));
                }
            }
            return r;
        };
    }
}
