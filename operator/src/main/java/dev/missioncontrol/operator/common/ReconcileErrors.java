package dev.missioncontrol.operator.common;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * What a failed reconciliation means, for a person reading status: a CamelCase reason and a short message that says
 * what to do, never a Java exception's text or stack frames (the log keeps those). Also whether it is routine
 * (the resource or its namespace is going away, or a write lost a race: nothing to report, no alert) and whether it is
 * permanent (the API server refused an object as invalid: retrying cannot help until the spec changes).
 */
public final class ReconcileErrors {

    /** Condition every kind carries: True after a reconciliation that went through, False with the cause otherwise. */
    public static final String RECONCILED = "Reconciled";

    /** The API server's cause reason when a namespace being deleted refuses new content. */
    public static final String NAMESPACE_TERMINATING = "NamespaceTerminating";

    /** How often a retriable error is tried again once JOSDK's back-off gives up (the message promises no more). */
    public static final java.time.Duration RETRY_AFTER_BACKOFF = java.time.Duration.ofMinutes(10);

    /** The classes of failure, from the most to the least in need of a person; the order picks one of several. */
    public enum Category {
        /** The API server refused an object as invalid (422): permanent until the spec changes. */
        INVALID("InvalidObject", "error"),
        /**
         * An object the operator did not create is at a name it needs (ObjectNameTakenException): left untouched until a
         * person deletes or renames it; retried, so the operator creates its own once it is gone.
         */
        OBJECT_NAME_TAKEN("ObjectNameTaken", "error"),
        /** Refused (403) for a reason other than a namespace being deleted: RBAC, an admission policy, a quota. */
        FORBIDDEN("Forbidden", "error"),
        /** A bug or an unforeseen state: the log has the detail, status an id to find it by. */
        UNEXPECTED("UnexpectedError", "error"),
        /** Timeouts, 5xx, 429: the API server (or the network to it) did not answer; retried. */
        TRANSIENT("ApiServerUnavailable", "error"),
        /** 409: a write lost a race with another; routine, retried quietly, never reported. */
        CONFLICT("Conflict", "conflict"),
        /** 404, or 403 NamespaceTerminating: the resource or its namespace is going away; routine, never reported. */
        GONE("Gone", "gone");

        private final String reason;
        private final String metricResult;

        Category(String reason, String metricResult) {
            this.reason = reason;
            this.metricResult = metricResult;
        }

        public String reason() {
            return reason;
        }

        /** The result label of missioncontrol_reconciliations_total: only a person's problem counts as an error. */
        public String metricResult() {
            return metricResult;
        }

        public boolean routine() {
            return this == CONFLICT || this == GONE;
        }

        public boolean permanent() {
            return this == INVALID;
        }
    }

    /** A classified failure: the category, the condition's reason and message. */
    public record Classified(Category category, String reason, String message) {
    }

    private static final int MAX_CAUSES = 3;
    private static final int MAX_PART = 240;
    /** Words that betray Java internals; a part of a message containing one is left out (the log has it). */
    private static final Pattern JAVA_TEXT = Pattern.compile("(?i)exception|\\bat [a-z]+\\.|java\\.|javax\\.|jakarta\\.|"
            + "\\bdev\\.missioncontrol|\\bio\\.(fabric8|javaoperatorsdk|quarkus)|Failure executing|https?://");

    private ReconcileErrors() {
    }

    /** Classifies an error thrown by a reconciliation (or by its workflow). */
    public static Classified classify(Throwable error) {
        List<RuntimeException> known = new ArrayList<>();
        collect(error, known, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
        if (!known.isEmpty()) {
            // Several dependents may have failed: report the one most in need of a person; gone only when all are.
            return known.stream().map(ReconcileErrors::classifyKnown)
                    .min(Comparator.comparing(Classified::category)).orElseThrow();
        }
        if (isTimeout(error)) {
            return new Classified(Category.TRANSIENT, Category.TRANSIENT.reason(),
                    "The API server did not answer in time; " + retried());
        }
        return new Classified(Category.UNEXPECTED, Category.UNEXPECTED.reason(),
                "Unexpected error; see the operator log (error id " + errorId(error) + "); " + retried());
    }

    /** Deleted while being reconciled, or its namespace is being torn down: nothing to report on. */
    public static boolean isGone(Throwable e) {
        return classify(e).category() == Category.GONE;
    }

    /** A 403 because the namespace is being deleted (the API server refuses new content there). */
    public static boolean isNamespaceTerminating(Throwable e) {
        List<RuntimeException> known = new ArrayList<>();
        collect(e, known, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
        return known.stream().anyMatch(k -> k instanceof KubernetesClientException kce && namespaceTerminating(kce));
    }

    /** For the log: the same id the status message gives, so a person can find the stack trace. */
    public static String errorId(Throwable error) {
        // Stable across retries of the same failure (so status is not rewritten each time): the root's class and first frame.
        Throwable root = root(error);
        String frame = root.getStackTrace().length == 0 ? "" : root.getStackTrace()[0].toString();
        byte[] digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((root.getClass().getName() + "|" + frame).getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return HexFormat.of().formatHex(digest).substring(0, 8);
    }

    private static Classified classifyKnown(RuntimeException e) {
        return e instanceof ObjectNameTakenException taken ? nameTaken(taken) : classifyApiError((KubernetesClientException) e);
    }

    /** Names the object and what to do; its holder (owner references, labels: anyone's text) passes the Java-text filter. */
    private static Classified nameTaken(ObjectNameTakenException e) {
        String object = e.kind() + " " + e.namespace() + "/" + e.name();
        String holder = Optional.ofNullable(readable(e.holder())).orElse("held by another");
        String message = e.relabelled()
                ? object + " was created by " + e.requester() + " but no longer carries the labels the operator finds it by ("
                        + holder + "): the operator leaves it untouched; delete it and the operator creates it again"
                : object + " exists and was not created by " + e.requester() + " (" + holder + "): the operator leaves it "
                        + "untouched; delete or rename it" + (e.requesterKind() == null ? "" : ", or give the " + e.requesterKind()
                        + " another name");
        return new Classified(Category.OBJECT_NAME_TAKEN, Category.OBJECT_NAME_TAKEN.reason(), message + "; " + retried());
    }

    private static Classified classifyApiError(KubernetesClientException e) {
        int code = e.getCode();
        Optional<Status> status = Optional.ofNullable(e.getStatus());
        String what = status.map(Status::getDetails).map(d -> objectName(d.getKind(), d.getName())).orElse("an object");
        if (code == 404 || namespaceTerminating(e)) {
            return new Classified(Category.GONE, Category.GONE.reason(), "The resource or its namespace is being deleted.");
        }
        if (code == 409) {
            return new Classified(Category.CONFLICT, Category.CONFLICT.reason(), "A write lost a race with another; " + retried());
        }
        if (code == 422 || code == 400) {
            List<String> causes = status.map(Status::getDetails).map(d -> d.getCauses()).orElse(List.of()).stream()
                    .map(ReconcileErrors::cause).filter(Objects::nonNull).distinct().toList();
            String summary = causes.isEmpty()
                    ? apiMessage(e)
                    : String.join("; ", causes.subList(0, Math.min(MAX_CAUSES, causes.size())))
                            + (causes.size() > MAX_CAUSES ? "; and " + (causes.size() - MAX_CAUSES) + " more" : "");
            return new Classified(Category.INVALID, Category.INVALID.reason(), "The API server refused " + what + " as invalid: "
                    + summary + ". Correct the spec fields it is made from; the operator tries again when the spec changes.");
        }
        if (code == 403) {
            String why = apiMessage(e);
            return new Classified(Category.FORBIDDEN, Category.FORBIDDEN.reason(), "The API server refused the operator's request: "
                    + why + ". Grant the operator's service account this permission (see the chart's RBAC in docs/install.md), "
                    + "or lift the policy or quota that refused it; " + retried());
        }
        if (code == 0 || code == 429 || code >= 500 || isTimeout(e)) {
            return new Classified(Category.TRANSIENT, Category.TRANSIENT.reason(), "The API server did not answer"
                    + (code > 0 ? " (HTTP " + code + ")" : "") + "; " + retried());
        }
        String why = apiMessage(e);
        return new Classified(Category.UNEXPECTED, Category.UNEXPECTED.reason(), "Unexpected answer from the API server (HTTP " + code
                + ") for " + what + ": " + why + "; see the operator log (error id " + errorId(e) + "); " + retried());
    }

    /** The API server's own message (never the client's, which carries the URL and the whole response). */
    private static String apiMessage(KubernetesClientException e) {
        return Optional.ofNullable(e.getStatus()).map(Status::getMessage).map(ReconcileErrors::readable)
                .or(() -> Optional.ofNullable(readable(e.getMessage())))
                .orElse("no reason given");
    }

    private static String retried() {
        return "the operator tries again with back-off (at least every " + RETRY_AFTER_BACKOFF.toMinutes() + " minutes).";
    }

    private static boolean namespaceTerminating(KubernetesClientException e) {
        if (e.getCode() != 403) {
            return false;
        }
        boolean byCause = Optional.ofNullable(e.getStatus()).map(Status::getDetails).map(d -> d.getCauses()).orElse(List.of())
                .stream().anyMatch(c -> NAMESPACE_TERMINATING.equals(c.getReason()));
        return byCause || String.valueOf(e.getMessage()).contains("because it is being terminated");
    }

    private static String cause(StatusCause c) {
        String message = readable(c.getMessage());
        if (message == null) {
            return null;
        }
        String field = c.getField() == null || c.getField().isBlank() ? "" : c.getField() + ": ";
        return field.length() > 0 && message.startsWith(field) ? message : field + message;
    }

    /** API-server text as a person may read it: trimmed, bounded, and left out when it carries Java internals. */
    static String readable(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip().replaceAll("\\s+", " ");
        if (JAVA_TEXT.matcher(t).find()) {
            return null;
        }
        return t.length() > MAX_PART ? t.substring(0, MAX_PART) + "…" : t;
    }

    private static String objectName(String kind, String name) {
        if (kind == null || kind.isBlank()) {
            return name == null ? "an object" : name;
        }
        String singular = kind.endsWith("ies") ? kind.substring(0, kind.length() - 3) + "y"
                : kind.endsWith("s") ? kind.substring(0, kind.length() - 1) : kind;
        return singular.toLowerCase(Locale.ROOT) + (name == null || name.isBlank() ? "" : " " + name);
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException || t instanceof HttpTimeoutException || t instanceof InterruptedIOException
                    || t instanceof KubernetesClientTimeoutException || t instanceof java.net.ConnectException) {
                return true;
            }
            if (t instanceof IOException && !(t instanceof java.io.UncheckedIOException) && t.getCause() == null) {
                return true; // a connection reset or closed stream talking to the API server
            }
        }
        return false;
    }

    private static void collect(Throwable e, List<RuntimeException> into, Set<Throwable> seen) {
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof ObjectNameTakenException taken) {
                into.add(taken);
                return;
            }
            if (t instanceof KubernetesClientException kce && (kce.getCode() != 0 || kce.getStatus() != null)) {
                into.add(kce);
                return; // its causes are transport detail of the same failure
            }
            if (t instanceof AggregatedOperatorException agg) {
                agg.getAggregatedExceptions().values().forEach(x -> collect(x, into, seen));
            }
            for (Throwable s : t.getSuppressed()) {
                collect(s, into, seen);
            }
        }
    }

    private static Throwable root(Throwable error) {
        Set<Throwable> seen = new LinkedHashSet<>();
        Throwable t = error;
        while (t.getCause() != null && seen.add(t)) {
            t = t.getCause();
        }
        return t;
    }
}
