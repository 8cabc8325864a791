package dev.missioncontrol.operator.status;

import dev.missioncontrol.operator.common.ReconcileErrors;

import dev.missioncontrol.operator.api.v1alpha1.HasConditions;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How every reconciler writes status. A status that later decisions depend on (a rollout's state machine
 * lives in status) is written so that the next reconciliation is guaranteed to read it: server-side apply
 * with optimistic locking, and the result cached on top of the informer. A plain UpdateControl.patchStatus
 * could let an event that arrives before the informer catches up run the same step twice (seen as a wave
 * started twice after a restart).
 */
public final class StatusWrites {

    private StatusWrites() {
    }

    /** The one way a reconciler ends: no write when the status says the same as the cluster's; otherwise a patch. */
    public static <S, P extends CustomResource<?, S>> UpdateControl<P> writeIfChanged(P current, S next, Context<P> context) {
        return StatusComparison.same(next, current.getStatus()) ? UpdateControl.noUpdate() : patchStatus(current, next, context);
    }

    public static <S, P extends CustomResource<?, S>> UpdateControl<P> patchStatus(P current, S status, Context<P> context) {
        try {
            PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(current, copyWithStatus(current, status), context);
        } catch (RuntimeException e) {
            if (!ReconcileErrors.isGone(e)) {
                throw e;
            }
            // Deleted while we reconciled (a namespace being torn down, say): nothing left to report on,
            // and no retry to schedule for a resource that no longer exists.
        }
        return UpdateControl.noUpdate();
    }

    /**
     * After a failed reconciliation: the status as it was, plus Reconciled=False with the root cause. A
     * resource deleted meanwhile is left alone.
     */
    public static <S extends HasConditions, P extends CustomResource<?, S>> ErrorStatusUpdateControl<P> reportError(P resource,
            Exception error, Supplier<S> empty, Clock clock) {
        if (ReconcileErrors.isGone(error)) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        S status = Optional.ofNullable(resource.getStatus()).orElseGet(empty);
        long generation = Optional.ofNullable(resource.getMetadata().getGeneration()).orElse(0L);
        var conditions = new Conditions(status.getConditions(), generation, clock);
        status.getConditions().forEach(c -> conditions.set(c.getType(), c.getStatus(), c.getReason(), c.getMessage()));
        conditions.set(ReconcileErrors.RECONCILED, false, "ReconcileError", ReconcileErrors.message(error));
        var next = conditions.build();
        if (next.equals(status.getConditions())) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        status.setConditions(next);
        return ErrorStatusUpdateControl.patchStatus(copyWithStatus(resource, status));
    }

    /** A minimal copy for a server-side-apply status patch: identity plus status, never the spec. */
    @SuppressWarnings("unchecked")
    public static <S, P extends CustomResource<?, S>> P copyWithStatus(P resource, S status) {
        try {
            P copy = (P) resource.getClass().getDeclaredConstructor().newInstance();
            copy.getMetadata().setName(resource.getMetadata().getName());
            copy.getMetadata().setNamespace(resource.getMetadata().getNamespace());
            copy.setStatus(status);
            return copy;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("custom resources have a public no-argument constructor", e);
        }
    }
}
