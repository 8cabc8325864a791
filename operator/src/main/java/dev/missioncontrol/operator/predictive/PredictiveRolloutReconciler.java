package dev.missioncontrol.operator.predictive;

import dev.missioncontrol.operator.alerts.PrometheusRuleCrd;
import dev.missioncontrol.operator.prometheus.OperatorPrometheusClient;
import dev.missioncontrol.operator.prometheus.ReconcileQueries;
import dev.missioncontrol.operator.api.v1alpha1.DrillOutcome;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRollout;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRolloutSpec;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRolloutStatus;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRolloutStatus.Drill;
import dev.missioncontrol.operator.events.EventRecorder;
import dev.missioncontrol.operator.common.ForeignObjects;
import dev.missioncontrol.operator.common.Labels;
import dev.missioncontrol.operator.common.Teardown;
import dev.missioncontrol.operator.status.StatusWrites;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.quarkiverse.operatorsdk.annotations.RBACVerbs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A predictive feature's go / no-go decision: for go, waves of tenants behind per-tenant gates with
 * rollbacks and rollback drills; for no-go, the remediation plan. Everything decided lives in status.
 */
// RBAC beyond the dependents: drill Jobs (an informer, and created on demand for a rehearsal) and Events.
@RBACRule(apiGroups = "batch", resources = "jobs", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH, RBACVerbs.CREATE})
@RBACRule(apiGroups = "", resources = "events", verbs = {RBACVerbs.CREATE, RBACVerbs.GET, RBACVerbs.UPDATE})
// Dependents follow status (enabled tenants) and annotations request drills: every change must reach the reconciler.
// The watch on the PrometheusRule CRD (PrometheusRuleCrd): whether alert rules go to a PrometheusRule or a ConfigMap.
@RBACRule(apiGroups = "apiextensions.k8s.io", resources = "customresourcedefinitions",
        verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
@ControllerConfiguration(name = PredictiveRolloutReconciler.NAME, generationAwareEventProcessing = false)
// Explicit: the workflow runs only after the check that the resource and its namespace are not going away.
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(name = "predictive-flags", type = PredictiveFlagsConfigMapDependent.class),
        @Dependent(name = "predictive-quotas", type = QuotasConfigMapDependent.class),
        @Dependent(name = "rollback-drill", type = RollbackDrillCronJobDependent.class, reconcilePrecondition = GoDecisionCondition.class),
        @Dependent(name = "alert-rules", type = PredictivePrometheusRuleDependent.class,
                activationCondition = PrometheusRuleCrd.Installed.class),
        @Dependent(name = "alert-rules-file", type = PredictiveRuleFileDependent.class,
                reconcilePrecondition = PrometheusRuleCrd.Absent.class)
})
public class PredictiveRolloutReconciler implements Reconciler<PredictiveRollout> {

    public static final String NAME = "predictiverollout";
    public static final String REHEARSE = "missioncontrol.dev/rehearse";
    static final String DRILL_JOBS = "drill-jobs";

    private final Clock clock;
    private final TenantGateAnalyzer analyzer;
    /** Wakes a rollout when the answers its analysis waits for land (ReconcileQueries). */
    private final SimpleInboundEventSource<PredictiveRollout> queriesLanded = ReconcileQueries.wakeSource();

    public PredictiveRolloutReconciler() {
        this(Clock.systemUTC(), new TenantGateAnalyzer(OperatorPrometheusClient.create()));
    }

    PredictiveRolloutReconciler(Clock clock, TenantGateAnalyzer analyzer) {
        this.clock = clock;
        this.analyzer = analyzer;
    }

    @Override
    public List<EventSource<?, PredictiveRollout>> prepareEventSources(EventSourceContext<PredictiveRollout> context) {
        // Drill Jobs come from the CronJob (owned by it) or from an on-demand rehearsal: map them by label.
        var jobs = InformerEventSourceConfiguration.from(Job.class, PredictiveRollout.class)
                .withName(DRILL_JOBS)
                .withLabelSelector(RollbackDrillCronJobDependent.DRILL_FOR)
                .withSecondaryToPrimaryMapper(job -> Set.of(new ResourceID(
                        job.getMetadata().getLabels().get(RollbackDrillCronJobDependent.DRILL_FOR), job.getMetadata().getNamespace())))
                .build();
        return List.of(new InformerEventSource<>(jobs, context), PrometheusRuleCrd.eventSource(context), queriesLanded);
    }

    @Override
    @SuppressWarnings("unchecked")
    public UpdateControl<PredictiveRollout> reconcile(PredictiveRollout rollout, Context<PredictiveRollout> context) {
        if (Teardown.goingAway(rollout)) {
            return UpdateControl.noUpdate(); // being deleted, or its namespace is: write nothing more
        }
        try (var queries = ReconcileQueries.open("PredictiveRollout", rollout, queriesLanded)) {
            return reconcile(rollout, context, queries);
        }
    }

    @SuppressWarnings("unchecked")
    private UpdateControl<PredictiveRollout> reconcile(PredictiveRollout rollout, Context<PredictiveRollout> context,
            ReconcileQueries.Pass queries) {
        context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
        Instant now = queries.now(clock); // the same instant on the pass its answers wake, so it asks the same queries
        var drillJobs = (InformerEventSource<Job, PredictiveRollout>) context.eventSourceRetriever()
                .getEventSourceFor(Job.class, DRILL_JOBS);
        List<Drill> drills = drillJobs.list(rollout.getMetadata().getNamespace(),
                j -> rollout.getMetadata().getName().equals(j.getMetadata().getLabels().get(RollbackDrillCronJobDependent.DRILL_FOR)))
                .map(PredictiveRolloutReconciler::drill).toList();

        var plan = PredictivePlanner.plan(rollout, now, drills, tenants -> analyzer.analyze(rollout, tenants, now));
        if (queries.pending()) {
            return queries.deferred(); // the gates' answers wake this rollout when they land
        }
        var decided = plan.next();
        decided.setHandledRehearsal(rehearseOnDemand(rollout, context, Optional.ofNullable(rollout.getStatus())
                .map(PredictiveRolloutStatus::getHandledRehearsal).orElse(null)));
        var next = PredictiveRolloutStatusAggregator.build(rollout, decided, AlertRules.of(PrometheusRuleCrd.installed(context)), clock);

        var prometheus = PredictiveRolloutStatusAggregator.prometheus(rollout, decided)
                .event(rollout.getStatus() == null ? List.of() : rollout.getStatus().getConditions());
        UpdateControl<PredictiveRollout> control = StatusWrites.writeIfChanged(rollout, next, context);
        // Events after the status write: a failed write is retried and must not repeat them.
        EventRecorder.recordAll(context.getClient(), rollout, plan.events(), clock);
        prometheus.ifPresent(e -> EventRecorder.record(context.getClient(), rollout, e, clock));
        plan.requeue().ifPresent(control::rescheduleAfter);
        return control;
    }

    /** missioncontrol.dev/rehearse=<any new value> runs a drill now; each value runs one Job, named after it. */
    private String rehearseOnDemand(PredictiveRollout rollout, Context<PredictiveRollout> context, String handled) {
        String token = Optional.ofNullable(rollout.getMetadata().getAnnotations()).map(a -> a.get(REHEARSE)).filter(v -> !v.isBlank()).orElse(null);
        if (token == null || token.equals(handled) || rollout.getSpec().getDecision() != PredictiveRolloutSpec.Decision.GO
                || rollout.getSpec().getRehearsal() == null) {
            return handled;
        }
        String suffix = HexFormat.of().formatHex(sha256(token)).substring(0, 8);
        var job = new JobBuilder()
                .withNewMetadata()
                .withName(rollout.getMetadata().getName() + "-drill-" + suffix)
                .withNamespace(rollout.getMetadata().getNamespace())
                .withLabels(Map.of(RollbackDrillCronJobDependent.DRILL_FOR, rollout.getMetadata().getName(),
                        Labels.MANAGED_BY, Labels.OPERATOR_NAME))
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(rollout.getApiVersion()).withKind(rollout.getKind())
                        .withName(rollout.getMetadata().getName()).withUid(rollout.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withSpec(RollbackDrillCronJobDependent.jobSpec(rollout))
                .build();
        try {
            context.getClient().resource(job).create();
            EventRecorder.record(context.getClient(), rollout, false, "DrillStarted", "Rollback drill " + job.getMetadata().getName()
                    + " started on demand (" + REHEARSE + "=" + token + ").", clock);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) { // 409: this value's Job exists already (the status write was lost): nothing to do
                throw e;
            }
            // ... unless the Job at that name is someone else's: named in status, never taken for this drill.
            ForeignObjects.notOwnedBy(context.getClient().resource(job).get(), rollout, Map.of()).ifPresent(taken -> {
                throw taken;
            });
        }
        return token;
    }

    static Drill drill(Job job) {
        var s = job.getStatus();
        String started = s == null ? null : s.getStartTime();
        String completed = s == null ? null : s.getCompletionTime();
        boolean failed = s != null && s.getConditions() != null && s.getConditions().stream()
                .anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()));
        boolean succeeded = s != null && s.getSucceeded() != null && s.getSucceeded() > 0 && completed != null;
        if (failed && completed == null) {
            completed = s.getConditions().stream().filter(c -> "Failed".equals(c.getType())).map(c -> c.getLastTransitionTime())
                    .findFirst().orElse(null);
        }
        Long duration = started != null && completed != null
                ? Duration.between(Instant.parse(started), Instant.parse(completed)).toSeconds() : null;
        return new Drill(job.getMetadata().getName(), started, completed, duration,
                succeeded ? DrillOutcome.Succeeded : failed ? DrillOutcome.Failed : DrillOutcome.Running);
    }

    private static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public ErrorStatusUpdateControl<PredictiveRollout> updateErrorStatus(PredictiveRollout resource, Context<PredictiveRollout> context, Exception e) {
        return StatusWrites.reportError(resource, context, e, PredictiveRolloutStatus::new, clock);
    }

}
