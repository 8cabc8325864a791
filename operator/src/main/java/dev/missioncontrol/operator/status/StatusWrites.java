package dev.missioncontrol.operator.status;

import dev.missioncontrol.operator.common.ForeignObjects;
import dev.missioncontrol.operator.common.ObjectNameTakenException;
import dev.missioncontrol.operator.common.ReconcileErrors;
import dev.missioncontrol.operator.common.Teardown;

import dev.missioncontrol.operator.api.v1alpha1.HasConditions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * How every reconciler writes status. A status that later decisions depend on (a rollout's state machine
 * lives in status) is written so that the next reconciliation is guaranteed to read it: server-side apply
 * with optimistic locking, and the result cached on top of the informer. A plain UpdateControl.patchStatus
 * could let an event that arrives before the informer catches up run the same step twice (seen as a wave
 * started twice after a restart).
 */
public final class StatusWrites {

    private static final Logger LOG = Logger.getLogger(StatusWrites.class);
    /** When a lost write race is tried again (a new event usually comes sooner). */
    static final java.time.Duration CONFLICT_RETRY = java.time.Duration.ofSeconds(2);

    private StatusWrites() {
    }

    /** The one way a reconciler ends: no write when the status says the same as the cluster's; otherwise a patch. */
    public static <S, P extends CustomResource<?, S>> UpdateControl<P> writeIfChanged(P current, S next, Context<P> context) {
        return StatusComparison.same(next, current.getStatus()) ? UpdateControl.noUpdate() : patchStatus(current, next, context);
    }

    /**
     * As {@link #writeIfChanged(CustomResource, Object, Context)}, for a reconciliation that went through but left alone
     * an object it would have written (a convenience copy whose name someone else's object holds): Reconciled=False names
     * it (ObjectNameTaken), and the resource is looked at again in {@link ForeignObjects#RECHECK}, since that object's
     * deletion wakes no informer. Nothing that decides (a revocation, say) waits for the person to move the object.
     */
    public static <S extends HasConditions, P extends CustomResource<?, S>> UpdateControl<P> writeIfChanged(P current, S next,
            Context<P> context, Optional<ObjectNameTakenException> taken, Clock clock) {
        if (taken.isEmpty()) {
            return writeIfChanged(current, next, context);
        }
        var failure = ReconcileErrors.classify(taken.get());
        long generation = Optional.ofNullable(current.getMetadata().getGeneration()).orElse(0L);
        var conditions = new Conditions(Optional.ofNullable(current.getStatus()).map(HasConditions::getConditions).orElse(null),
                generation, clock);
        next.getConditions().forEach(c -> conditions.set(c.getType(), c.getStatus(), c.getReason(), c.getMessage()));
        conditions.set(ReconcileErrors.RECONCILED, false, failure.reason(), failure.message());
        next.setConditions(conditions.build());
        UpdateControl<P> control = writeIfChanged(current, next, context);
        control.rescheduleAfter(ForeignObjects.RECHECK);
        return control;
    }

    public static <S, P extends CustomResource<?, S>> UpdateControl<P> patchStatus(P current, S status, Context<P> context) {
        try {
            PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(current, copyWithStatus(current, status), context);
        } catch (RuntimeException e) {
            if (!ReconcileErrors.isGone(e)) {
                throw e;
            }
            Teardown.noteIfTerminating(current, e);
            // Deleted while we reconciled (a namespace being torn down, say): nothing left to report on,
            // and no retry to schedule for a resource that no longer exists.
        }
        return UpdateControl.noUpdate();
    }

    /**
     * After a failed reconciliation: the status as it was, plus Reconciled=False and Ready=False (with Reconciling or
     * Stalled: {@link Readiness#afterFailure}) with a reason and a message a person can act on (never the exception's
     * text: the log keeps that). Routine failures (the resource or its namespace going away, a lost write race) write nothing and are not retried as errors; a permanent one (an object the API
     * server refuses as invalid) is not retried until the resource changes.
     */
    public static <S extends HasConditions, P extends CustomResource<?, S>> ErrorStatusUpdateControl<P> reportError(P resource,
            Context<P> context, Exception error, Supplier<S> empty, Clock clock) {
        var failure = ReconcileErrors.classify(error);
        if (failure.category().routine()) {
            return routine(resource, error, failure);
        }
        log(resource, error, failure);
        S status = Optional.ofNullable(resource.getStatus()).orElseGet(empty);
        long generation = Optional.ofNullable(resource.getMetadata().getGeneration()).orElse(0L);
        var conditions = new Conditions(status.getConditions(), generation, clock);
        status.getConditions().forEach(c -> conditions.set(c.getType(), c.getStatus(), c.getReason(), c.getMessage()));
        conditions.set(ReconcileErrors.RECONCILED, false, failure.reason(), failure.message());
        Readiness.afterFailure(failure).setOn(conditions);
        var next = conditions.build();
        if (next.equals(status.getConditions())) {
            return retry(ErrorStatusUpdateControl.noStatusUpdate(), failure, context);
        }
        status.setConditions(next);
        return retry(ErrorStatusUpdateControl.patchStatus(copyWithStatus(resource, status)), failure, context);
    }

    /** A routine failure: nothing to report, no retry as an error; a lost race is tried again shortly. */
    public static <P extends HasMetadata> ErrorStatusUpdateControl<P> routine(P resource, Exception error,
            ReconcileErrors.Classified failure) {
        boolean terminating = Teardown.noteIfTerminating(resource, error);
        LOG.debugf("%s/%s: %s%s", resource.getMetadata().getNamespace(), resource.getMetadata().getName(), failure.reason(),
                terminating ? " (its namespace is being deleted: nothing more is written there)" : "");
        ErrorStatusUpdateControl<P> control = ErrorStatusUpdateControl.<P>noStatusUpdate().withNoRetry();
        return failure.category() == ReconcileErrors.Category.CONFLICT ? control.rescheduleAfter(CONFLICT_RETRY) : control;
    }

    /**
     * How a reported failure is retried: a permanent one not at all (the next change of the resource reconciles it
     * again); any other with JOSDK's back-off, and once that is exhausted every {@link ReconcileErrors#RETRY_AFTER_BACKOFF},
     * as the message promises.
     */
    public static <P extends HasMetadata> ErrorStatusUpdateControl<P> retry(ErrorStatusUpdateControl<P> control,
            ReconcileErrors.Classified failure, Context<P> context) {
        if (failure.category().permanent()) {
            return control.withNoRetry();
        }
        boolean last = context != null && context.getRetryInfo().map(RetryInfo::isLastAttempt).orElse(false);
        return last ? control.withNoRetry().rescheduleAfter(ReconcileErrors.RETRY_AFTER_BACKOFF) : control;
    }

    /** The log keeps what status leaves out: the exception, and the id an unexpected error's message gives. */
    public static void log(HasMetadata resource, Exception error, ReconcileErrors.Classified failure) {
        String who = resource.getKind() + " " + resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
        switch (failure.category()) {
            case UNEXPECTED -> LOG.errorf(error, "%s: unexpected error (error id %s)", who, ReconcileErrors.errorId(error));
            case INVALID -> LOG.warnf("%s: %s (%s)", who, failure.message(), error.getMessage());
            default -> LOG.debugf(error, "%s: %s", who, failure.message());
        }
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
