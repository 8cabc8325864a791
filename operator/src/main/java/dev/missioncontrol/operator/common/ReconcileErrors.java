package dev.missioncontrol.operator.common;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** How a failed reconciliation is reported: the root cause, briefly, and whether the resource is simply gone. */
public final class ReconcileErrors {

    /** Condition every kind carries: True after a reconciliation that went through, False with the cause otherwise. */
    public static final String RECONCILED = "Reconciled";

    private ReconcileErrors() {
    }

    public static String message(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return "Reconciliation failed and will be retried with back-off: "
                + (message.length() > 512 ? message.substring(0, 512) + "…" : message);
    }

    /** Deleted while being reconciled, or its namespace is being torn down: nothing to report on. */
    public static boolean isGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof KubernetesClientException kce && (kce.getCode() == 404
                    || kce.getCode() == 403 && String.valueOf(kce.getMessage()).contains("because it is being terminated"))) {
                return true;
            }
            if (t instanceof io.javaoperatorsdk.operator.AggregatedOperatorException agg && !agg.getAggregatedExceptions().isEmpty()
                    && agg.getAggregatedExceptions().values().stream().allMatch(ReconcileErrors::isGone)) {
                return true; // every dependent failed because the resource or its namespace is going away
            }
            for (Throwable s : t.getSuppressed()) {
                if (isGone(s)) {
                    return true;
                }
            }
        }
        return false;
    }
}
