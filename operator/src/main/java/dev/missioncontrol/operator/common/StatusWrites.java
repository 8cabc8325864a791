package dev.missioncontrol.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * Writes a status that later decisions depend on (the rollout's state machine lives in status) so that the
 * next reconciliation is guaranteed to read it: server-side apply with optimistic locking, and the result
 * cached on top of the informer. A plain UpdateControl.patchStatus could let an event that arrives before
 * the informer catches up run the same step twice (seen as a wave started twice after a restart).
 */
public final class StatusWrites {

    private StatusWrites() {
    }

    /** @param fresh identity (name, namespace) and the new status only */
    public static <P extends HasMetadata> UpdateControl<P> patchStatus(P current, P fresh, Context<P> context) {
        try {
            PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(current, fresh, context);
        } catch (RuntimeException e) {
            if (!ReconcileErrors.isGone(e)) {
                throw e;
            }
            // Deleted while we reconciled (a namespace being torn down, say): nothing left to report on,
            // and no retry to schedule for a resource that no longer exists.
        }
        return UpdateControl.noUpdate();
    }
}
