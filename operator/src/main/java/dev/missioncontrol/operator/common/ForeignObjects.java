package dev.missioncontrol.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Whether an object found at a name the operator wants is the operator's to write. The operator's informers see only
 * objects labelled as its own, so an object someone else created at that name is invisible to them: creating it fails
 * with 409, and without this check that would be retried quietly for ever. Such an object is named in status and never
 * written to; once it is deleted or renamed, the next retry creates the operator's own.
 */
public final class ForeignObjects {

    /**
     * When a resource whose convenience copy is held by someone else's object is looked at again: that object's deletion
     * wakes no informer (within the {@link ReconcileErrors#RETRY_AFTER_BACKOFF} status promises).
     */
    public static final java.time.Duration RECHECK = java.time.Duration.ofMinutes(1);

    /** The label each dependent's informer selects its component by, beside {@link Labels#MANAGED_BY}. */
    static final String NAME_LABEL = "app.kubernetes.io/name";

    private ForeignObjects() {
    }

    /**
     * For an object owned by one resource (its dependents, its copies): empty when {@code existing} is absent or is
     * {@code owner}'s and carries the given labels (a create that lost a race with the informer: routine), or was
     * owned by a deleted resource of the same kind and name (garbage collection removes it); otherwise who holds it.
     *
     * @param selectorLabels labels the operator finds the object by (empty when it reads it by name)
     */
    public static Optional<ObjectNameTakenException> notOwnedBy(HasMetadata existing, HasMetadata owner,
            Map<String, String> selectorLabels) {
        if (existing == null) {
            return Optional.empty();
        }
        String uid = owner.getMetadata().getUid();
        List<OwnerReference> refs = Optional.ofNullable(existing.getMetadata().getOwnerReferences()).orElse(List.of());
        String requester = "this " + owner.getKind();
        if (refs.stream().anyMatch(r -> Objects.equals(r.getUid(), uid))) {
            Map<String, String> labels = Optional.ofNullable(existing.getMetadata().getLabels()).orElse(Map.of());
            Map<String, String> missing = new LinkedHashMap<>(selectorLabels);
            missing.entrySet().removeIf(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
            if (missing.isEmpty()) {
                return Optional.empty();
            }
            String expected = selectorLabels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", "));
            return Optional.of(taken(existing, expected, requester, owner.getKind(), true));
        }
        if (refs.stream().anyMatch(r -> Objects.equals(r.getKind(), owner.getKind())
                && Objects.equals(r.getName(), owner.getMetadata().getName()))) {
            return Optional.empty(); // left by a deleted resource of this name: garbage collection removes it
        }
        return Optional.of(taken(existing, holder(existing), requester, owner.getKind(), false));
    }

    /**
     * For an object the operator shares among resources and owns through no one (the public keys' copy in a tenant's
     * namespace): empty when {@code existing} is absent or labelled as the operator's; otherwise who holds it.
     */
    public static Optional<ObjectNameTakenException> notManagedByOperator(HasMetadata existing) {
        if (existing == null || Labels.OPERATOR_NAME.equals(label(existing, Labels.MANAGED_BY))) {
            return Optional.empty();
        }
        return Optional.of(taken(existing, holder(existing), "the operator", null, false));
    }

    /** The labels a dependent's informer selects by, taken from its desired object. */
    public static Map<String, String> selectorLabels(HasMetadata desired) {
        Map<String, String> selector = new LinkedHashMap<>();
        for (String key : List.of(Labels.MANAGED_BY, NAME_LABEL)) {
            String value = label(desired, key);
            if (value != null) {
                selector.put(key, value);
            }
        }
        return selector;
    }

    /** Who holds an object, as a person reads it: its owners, else the tool its managed-by label names, else no one. */
    static String holder(HasMetadata existing) {
        List<OwnerReference> refs = Optional.ofNullable(existing.getMetadata().getOwnerReferences()).orElse(List.of());
        if (!refs.isEmpty()) {
            return "owned by " + refs.stream().map(r -> r.getKind() + " " + r.getName()).collect(Collectors.joining(", "));
        }
        String managedBy = label(existing, Labels.MANAGED_BY);
        return managedBy == null || managedBy.isBlank() ? "no owner" : "managed by " + managedBy;
    }

    private static String label(HasMetadata object, String key) {
        return Optional.ofNullable(object.getMetadata().getLabels()).map(l -> l.get(key)).orElse(null);
    }

    private static ObjectNameTakenException taken(HasMetadata existing, String holder, String requester, String requesterKind,
            boolean relabelled) {
        return new ObjectNameTakenException(existing.getKind(), existing.getMetadata().getNamespace(), existing.getMetadata().getName(),
                holder, requester, requesterKind, relabelled);
    }
}
