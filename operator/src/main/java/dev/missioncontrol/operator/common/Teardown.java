package dev.missioncontrol.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a resource is going away, so that its reconciler writes nothing more for it: deleting a namespace is
 * routine and must not become a storm of writes the API server refuses ("namespace is being terminated"), nor
 * errors that fire the reconcile-error alert.
 *
 * <p>A resource is going away when it carries a deletionTimestamp, or when a write in its namespace was refused because
 * the namespace is being deleted: the first such refusal is remembered (the operator watches no Namespaces, which
 * would need cluster-wide RBAC the single-namespace install does not have), and every later reconciliation there
 * returns before the workflow runs. A resource created after that moment lives in a namespace of the same name
 * created again, and is reconciled as usual.
 */
public final class Teardown {

    /** How long a namespace seen terminating is remembered: far longer than a namespace takes to go. */
    static final Duration REMEMBERED = Duration.ofHours(1);

    private static final Map<String, Instant> TERMINATING = new ConcurrentHashMap<>();

    private Teardown() {
    }

    /** True when nothing more should be written for the resource: it, or its namespace, is being deleted. */
    public static boolean goingAway(HasMetadata resource) {
        return goingAway(resource, Clock.systemUTC());
    }

    static boolean goingAway(HasMetadata resource, Clock clock) {
        var metadata = resource.getMetadata();
        if (metadata.getDeletionTimestamp() != null) {
            return true;
        }
        String namespace = metadata.getNamespace();
        Instant seen = namespace == null ? null : TERMINATING.get(namespace);
        if (seen == null) {
            return false;
        }
        if (seen.plus(REMEMBERED).isBefore(clock.instant())) {
            TERMINATING.remove(namespace, seen);
            return false;
        }
        return createdBefore(metadata.getCreationTimestamp(), seen);
    }

    /** Remembers the resource's namespace as being deleted when the error says so. Returns whether it did. */
    public static boolean noteIfTerminating(HasMetadata resource, Throwable error) {
        return noteIfTerminating(resource, error, Clock.systemUTC());
    }

    static boolean noteIfTerminating(HasMetadata resource, Throwable error, Clock clock) {
        String namespace = resource.getMetadata().getNamespace();
        if (namespace == null || !ReconcileErrors.isNamespaceTerminating(error)) {
            return false;
        }
        TERMINATING.putIfAbsent(namespace, clock.instant());
        return true;
    }

    /** For tests: forget what was seen. */
    static void forget(String namespace) {
        TERMINATING.remove(namespace);
    }

    private static boolean createdBefore(String creationTimestamp, Instant seen) {
        if (creationTimestamp == null) {
            return true;
        }
        try {
            return !Instant.parse(creationTimestamp).isAfter(seen);
        } catch (DateTimeParseException e) {
            return true;
        }
    }
}
