package dev.missioncontrol.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.operator.common.ReconcileErrors.Category;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The error classifier: a reason and a message a person can act on, never Java's text; routine failures recognised. */
@Tag("unit")
class ReconcileErrorsTest {

    /** What the fabric8 client throws for an API server answer: its message carries the URL and the whole response. */
    static KubernetesClientException api(int code, String reason, String message, String kind, String name, String... causes) {
        var details = new io.fabric8.kubernetes.api.model.StatusDetailsBuilder().withKind(kind).withName(name);
        for (int i = 0; i + 2 < causes.length; i += 3) {
            details.addToCauses(new StatusCauseBuilder().withReason(causes[i]).withField(causes[i + 1]).withMessage(causes[i + 2]).build());
        }
        Status status = new StatusBuilder().withCode(code).withReason(reason).withMessage(message).withDetails(details.build()).build();
        return new KubernetesClientException("Failure executing: PATCH at: https://127.0.0.1:6443/api/v1/namespaces/ns/" + kind + "/"
                + name + ". Message: " + message + ". Received status: " + status + ".", code, status);
    }

    static KubernetesClientException terminating() {
        return api(403, "Forbidden", "configmaps \"c-plan\" is forbidden: unable to create new content in namespace ns because it is "
                + "being terminated", "configmaps", "c-plan", "NamespaceTerminating", "metadata.namespace", "namespace ns is being terminated");
    }

    static Stream<Exception> everyKindOfFailure() {
        return Stream.of(
                new NullPointerException("Cannot invoke \"java.util.Map.get(Object)\" because the return value of "
                        + "\"io.fabric8.kubernetes.api.model.Secret.getData()\" is null"),
                new IllegalStateException("boom", new RuntimeException("inner")),
                api(422, "Invalid", "ConfigMap \"c-plan\" is invalid: data: Too long: must have at most 1048576 bytes", "configmaps",
                        "c-plan", "FieldValueTooLong", "data", "Too long: must have at most 1048576 bytes"),
                api(422, "Invalid", "java.lang.IllegalArgumentException at dev.missioncontrol.X", "configmaps", "c", "FieldValueInvalid",
                        "data", "java.lang.IllegalArgumentException: at dev.missioncontrol.operator.Foo.bar(Foo.java:12)"),
                api(403, "Forbidden", "deployments.apps \"g\" is forbidden: User \"system:serviceaccount:mc:op\" cannot patch resource "
                        + "\"deployments\" in API group \"apps\" in the namespace \"ns\"", "deployments", "g"),
                api(500, "InternalError", "etcdserver: request timed out", "configmaps", "c"),
                api(418, "Teapot", "I'm a teapot", "configmaps", "c"),
                new KubernetesClientException("Operation: [get] for kind: [Secret] failed.", new SocketTimeoutException("timeout")),
                new RuntimeException(new IOException("stream closed")),
                ForeignObjectsTest.foreignFlags(),
                new AggregatedOperatorException("Exception(s) during workflow execution.", Map.of("feature-flags",
                        ForeignObjectsTest.foreignFlagsOwnedBy("java.lang.Exception", "at dev.missioncontrol.X"))),
                new AggregatedOperatorException("Exception(s) during workflow execution.",
                        Map.of("feature-flags", api(422, "Invalid", "bad", "configmaps", "f"), "gateway-service", new NullPointerException())));
    }

    @ParameterizedTest
    @MethodSource("everyKindOfFailure")
    void messagesNeverCarryJavaText(Exception failure) {
        var classified = ReconcileErrors.classify(failure);
        assertThat(classified.reason()).matches("[A-Z][A-Za-z]+");
        assertThat(classified.message()).isNotBlank()
                .doesNotContain("Exception", "at dev.", "java.", "io.fabric8", "Failure executing", "https://", "Received status");
        assertThat(classified.message().length()).isLessThan(1024);
    }

    @Test
    void anInvalidObjectIsPermanentAndNamesTheObjectAndTheFieldCauses() {
        var c = ReconcileErrors.classify(new RuntimeException("wrapped", api(422, "Invalid", "ConfigMap \"c-plan\" is invalid: ...",
                "configmaps", "c-plan", "FieldValueTooLong", "data", "Too long: must have at most 1048576 bytes",
                "FieldValueInvalid", "metadata.labels", "Invalid value: \"a b\": a valid label must be ...")));
        assertThat(c.category()).isEqualTo(Category.INVALID);
        assertThat(c.category().permanent()).isTrue();
        assertThat(c.reason()).isEqualTo("InvalidObject");
        assertThat(c.message()).contains("configmap c-plan", "data: Too long: must have at most 1048576 bytes",
                "metadata.labels: Invalid value", "tries again when the spec changes");
    }

    @Test
    void invalidCausesAreSummarisedNotListedInFull() {
        String[] causes = new String[3 * 6];
        for (int i = 0; i < 6; i++) {
            causes[3 * i] = "FieldValueInvalid";
            causes[3 * i + 1] = "data.k" + i;
            causes[3 * i + 2] = "Invalid value";
        }
        var c = ReconcileErrors.classify(api(422, "Invalid", "x", "configmaps", "c", causes));
        assertThat(c.message()).contains("data.k0", "data.k2", "and 3 more").doesNotContain("data.k3");
    }

    @Test
    void javaTextFromTheApiServerIsLeftOut() {
        var c = ReconcileErrors.classify(api(422, "Invalid", "x", "configmaps", "c", "FieldValueInvalid", "data",
                "java.lang.IllegalStateException at dev.missioncontrol.Foo"));
        assertThat(c.message()).doesNotContain("java.", "Exception").contains("configmap c");
    }

    @Test
    void forbiddenSaysWhoMayNotDoWhatAndIsRetried() {
        var c = ReconcileErrors.classify(api(403, "Forbidden", "deployments.apps \"g\" is forbidden: User \"op\" cannot patch resource "
                + "\"deployments\"", "deployments", "g"));
        assertThat(c.category()).isEqualTo(Category.FORBIDDEN);
        assertThat(c.category().routine()).isFalse();
        assertThat(c.category().permanent()).isFalse();
        assertThat(c.message()).contains("cannot patch resource \"deployments\"", "Grant the operator's service account", "tries again");
    }

    @Test
    void unexpectedErrorsPointToTheLogWithAStableId() {
        var npe = new NullPointerException("Cannot invoke \"java.util.Map.get(Object)\"");
        var c = ReconcileErrors.classify(npe);
        assertThat(c.category()).isEqualTo(Category.UNEXPECTED);
        assertThat(c.reason()).isEqualTo("UnexpectedError");
        assertThat(c.message()).startsWith("Unexpected error; see the operator log (error id " + ReconcileErrors.errorId(npe) + ")");
        assertThat(ReconcileErrors.classify(npe).message()).as("the same failure retried gives the same status").isEqualTo(c.message());
        assertThat(ReconcileErrors.errorId(new IllegalStateException())).isNotEqualTo(ReconcileErrors.errorId(npe));
    }

    @Test
    void timeoutsAndServerErrorsAreTransient() {
        assertThat(ReconcileErrors.classify(api(503, "ServiceUnavailable", "x", "configmaps", "c")).category()).isEqualTo(Category.TRANSIENT);
        assertThat(ReconcileErrors.classify(api(429, "TooManyRequests", "x", "configmaps", "c")).category()).isEqualTo(Category.TRANSIENT);
        var timeout = ReconcileErrors.classify(new KubernetesClientException("x", new SocketTimeoutException("Read timed out")));
        assertThat(timeout.category()).isEqualTo(Category.TRANSIENT);
        assertThat(timeout.reason()).isEqualTo("ApiServerUnavailable");
    }

    @Test
    void goneAndConflictAreRoutineAndNeverCountedAsErrors() {
        assertThat(ReconcileErrors.classify(api(404, "NotFound", "not found", "configmaps", "c")).category()).isEqualTo(Category.GONE);
        assertThat(ReconcileErrors.classify(terminating()).category()).isEqualTo(Category.GONE);
        assertThat(ReconcileErrors.classify(api(409, "Conflict", "the object has been modified", "configmaps", "c")).category())
                .isEqualTo(Category.CONFLICT);
        for (Category routine : List.of(Category.GONE, Category.CONFLICT)) {
            assertThat(routine.routine()).isTrue();
            assertThat(routine.metricResult()).isNotEqualTo("error");
        }
        for (Category problem : List.of(Category.INVALID, Category.OBJECT_NAME_TAKEN, Category.FORBIDDEN, Category.UNEXPECTED,
                Category.TRANSIENT)) {
            assertThat(problem.routine()).isFalse();
            assertThat(problem.metricResult()).isEqualTo("error");
        }
        // A refusal that is not about a namespace being deleted is not routine.
        assertThat(ReconcileErrors.isNamespaceTerminating(api(403, "Forbidden", "quota exceeded", "configmaps", "c"))).isFalse();
    }

    @Test
    void aWorkflowIsGoneOnlyWhenEveryDependentFailedBecauseOfIt() {
        Map<String, Exception> allGone = new LinkedHashMap<>();
        allGone.put("plan", terminating());
        allGone.put("service", api(404, "NotFound", "x", "services", "s"));
        assertThat(ReconcileErrors.isGone(new AggregatedOperatorException("x", allGone))).isTrue();
        Map<String, Exception> mixed = new LinkedHashMap<>(allGone);
        mixed.put("deployment", api(422, "Invalid", "x", "deployments", "d", "FieldValueRequired", "spec.replicas", "Required value"));
        var c = ReconcileErrors.classify(new AggregatedOperatorException("x", mixed));
        assertThat(c.category()).as("the failure a person must fix is the one reported").isEqualTo(Category.INVALID);
        assertThat(c.message()).contains("deployment d", "spec.replicas: Required value");
    }

    @Test
    void aNamespaceSeenTerminatingStopsWritesForWhatWasCreatedBeforeIt() {
        String ns = "teardown-" + System.nanoTime();
        Instant t0 = Instant.parse("2026-11-30T10:00:00Z");
        Clock clock = Clock.fixed(t0, ZoneOffset.UTC);
        var old = new ConfigMapBuilder().withNewMetadata().withNamespace(ns).withName("a").withCreationTimestamp("2026-11-30T09:00:00Z")
                .endMetadata().build();
        var recreated = new ConfigMapBuilder().withNewMetadata().withNamespace(ns).withName("a")
                .withCreationTimestamp("2026-11-30T10:00:05Z").endMetadata().build();
        try {
            assertThat(Teardown.goingAway(old, clock)).isFalse();
            assertThat(Teardown.noteIfTerminating(old, api(403, "Forbidden", "quota exceeded", "configmaps", "c"), clock)).isFalse();
            assertThat(Teardown.goingAway(old, clock)).isFalse();

            assertThat(Teardown.noteIfTerminating(old, new RuntimeException(terminating()), clock)).isTrue();
            assertThat(Teardown.goingAway(old, clock)).isTrue();
            assertThat(Teardown.goingAway(recreated, clock)).as("a namespace of the same name created again").isFalse();
            assertThat(Teardown.goingAway(old, Clock.offset(clock, Teardown.REMEMBERED.plusSeconds(1)))).as("forgotten after a while")
                    .isFalse();
        } finally {
            Teardown.forget(ns);
        }
        var deleting = new ConfigMapBuilder().withNewMetadata().withNamespace(ns).withName("b")
                .withDeletionTimestamp("2026-11-30T10:00:00Z").endMetadata().build();
        assertThat(Teardown.goingAway(deleting, clock)).isTrue();
    }
}
