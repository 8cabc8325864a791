package dev.missioncontrol.operator.experiment;

import dev.missioncontrol.core.prometheus.PrometheusClient;
import dev.missioncontrol.operator.alerts.PrometheusRuleCrd;
import dev.missioncontrol.operator.analysis.PrometheusReachability;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperiment;
import dev.missioncontrol.operator.api.v1alpha1.CacheWarmExperimentStatus;
import dev.missioncontrol.operator.common.Teardown;
import dev.missioncontrol.operator.events.EventRecorder;
import dev.missioncontrol.operator.events.PlannedEvent;
import dev.missioncontrol.operator.prometheus.OperatorPrometheusClient;
import dev.missioncontrol.operator.prometheus.ReconcileQueries;
import dev.missioncontrol.operator.signing.SigningConfig;
import dev.missioncontrol.operator.signing.SigningKeys;
import dev.missioncontrol.operator.status.StatusAggregation.AlertRules;
import dev.missioncontrol.operator.status.StatusWrites;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.quarkiverse.operatorsdk.annotations.RBACVerbs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a cache-warming experiment: the flags ConfigMap that pins each tenant to its arm, one warmer CronJob per warming
 * arm, and every spec.interval a look at Prometheus that the planner turns into the next status. When the decision is
 * reached it is written to status with its inputs; the next pass signs what status recorded with the operator's key for
 * this experiment (the key stays in the operator's namespace; VerdictSigning) into {@code <name>-verdict}; with
 * spec.promoteWinner the flags then serve the winner to everyone. An experiment one of whose tenants is held by an
 * undecided experiment that came first starts nothing (TenantConflicts).
 * Alert rules (a guardrail breach, an Invalid experiment) go to a PrometheusRule or, without its CRD, a rule-file ConfigMap.
 */
// Events; the verdict ConfigMap is written directly (once, signed), under the flags dependent's ConfigMap rule.
@RBACRule(apiGroups = "", resources = "events", verbs = {RBACVerbs.CREATE, RBACVerbs.GET, RBACVerbs.UPDATE})
// The watch on the PrometheusRule CRD (PrometheusRuleCrd): whether alert rules go to a PrometheusRule or a ConfigMap.
@RBACRule(apiGroups = "apiextensions.k8s.io", resources = "customresourcedefinitions",
        verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
@ControllerConfiguration(name = CacheWarmExperimentReconciler.NAME)
// Explicit: the workflow runs only after the check that the resource and its namespace are not going away.
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(name = "flags", type = ExperimentFlagsConfigMapDependent.class),
        @Dependent(name = "warmers", type = WarmerCronJobDependent.class),
        @Dependent(name = "alert-rules", type = ExperimentPrometheusRuleDependent.class,
                activationCondition = PrometheusRuleCrd.Installed.class),
        @Dependent(name = "alert-rules-file", type = ExperimentRuleFileDependent.class,
                reconcilePrecondition = PrometheusRuleCrd.Absent.class)
})
public class CacheWarmExperimentReconciler implements Reconciler<CacheWarmExperiment> {

    public static final String NAME = "cachewarmexperiment";
    /** Signing purposes of verdict keys: {@code experiment-<hash of namespace/name>} (SigningKeys.purposeFor). */
    public static final String PURPOSE_PREFIX = "experiment";
    /** How soon to look again after the decision is written: that pass signs it (and promotes a winner). */
    static final Duration SIGN_AFTER = Duration.ofSeconds(1);

    private final Clock clock;
    /** Wakes a resource when the Prometheus answers it waits for land (ReconcileQueries). */
    private final SimpleInboundEventSource<CacheWarmExperiment> queriesLanded = ReconcileQueries.wakeSource();
    private final PrometheusClient prometheus;

    public CacheWarmExperimentReconciler() {
        this(Clock.systemUTC(), OperatorPrometheusClient.create());
    }

    CacheWarmExperimentReconciler(Clock clock, PrometheusClient prometheus) {
        this.clock = clock;
        this.prometheus = prometheus;
    }

    @Override
    public List<EventSource<?, CacheWarmExperiment>> prepareEventSources(EventSourceContext<CacheWarmExperiment> context) {
        return List.of(PrometheusRuleCrd.eventSource(context), queriesLanded);
    }

    @Override
    public UpdateControl<CacheWarmExperiment> reconcile(CacheWarmExperiment e, Context<CacheWarmExperiment> context) {
        if (Teardown.goingAway(e)) {
            return UpdateControl.noUpdate(); // being deleted, or its namespace is: write nothing more
        }
        try (var queries = ReconcileQueries.open("CacheWarmExperiment", e, queriesLanded)) {
            return reconcile(e, context, queries);
        }
    }

    private UpdateControl<CacheWarmExperiment> reconcile(CacheWarmExperiment e, Context<CacheWarmExperiment> context, ReconcileQueries.Pass queries) {
        // A tenant held by an experiment that came first: start nothing (no flags, no warmers, no measuring) and say so.
        var conflict = TenantConflicts.of(e, context.getPrimaryCache().list().toList());
        if (conflict.isPresent()) {
            var blocked = ExperimentPlanner.blocked(e, conflict.get());
            var next = CacheWarmExperimentStatusAggregator.build(e, blocked.next(), AlertRules.NONE, clock);
            UpdateControl<CacheWarmExperiment> control = StatusWrites.writeIfChanged(e, next, context);
            EventRecorder.recordAll(context.getClient(), e, blocked.events(), clock);
            blocked.requeue().ifPresent(control::rescheduleAfter);
            return control;
        }
        // The workflow applies what the recorded status asks for: the flags (promoted once decided Winner) and the
        // warmers (their tenants as recorded; suspended once decided).
        context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
        var client = context.getClient();
        Instant now = queries.now(clock); // the same instant on the pass its answers wake, so it asks the same queries
        var look = new ExperimentPrometheus(prometheus);
        var decision = ExperimentPlanner.plan(e, now, recorded -> look.measure(e, recorded, now));
        if (queries.pending()) {
            return queries.deferred(); // the answers wake this resource when they land
        }
        var plan = decision.next();
        var status = plan.status();
        List<PlannedEvent> events = new ArrayList<>(decision.events());
        Optional<Duration> requeue = decision.requeue();

        if (plan.decided() != null) {
            // The decision and its inputs are written first (this pass's status write); the next pass, reading them
            // back, signs them (VerdictSigning) and, with promoteWinner, its workflow serves the winner to everyone.
            requeue = Optional.of(SIGN_AFTER);
        } else if (VerdictSigning.due(e)) {
            sign(client, e, status, now);
        }
        String promoted = ExperimentFlagsConfigMapDependent.promoted(e);
        if (promoted != null && !Boolean.TRUE.equals(status.getPromoted())) {
            status.setPromoted(true); // this pass's workflow applied the flags with the winner for everyone
            events.add(PlannedEvent.normal("WinnerPromoted", "arm " + promoted + " now serves every tenant through flag "
                    + ExperimentFlags.flagKey(e)));
        }

        var reachable = PrometheusReachability.ofResults(e.getSpec().getPrometheus().getAddress(),
                CacheWarmExperimentStatusAggregator.FIELD, look.answers());
        var next = CacheWarmExperimentStatusAggregator.build(e, plan, reachable, AlertRules.of(PrometheusRuleCrd.installed(context)), clock);
        UpdateControl<CacheWarmExperiment> control = StatusWrites.writeIfChanged(e, next, context);
        // Events after the status write: a failed write is retried and must not repeat them.
        EventRecorder.recordAll(client, e, events, clock);
        reachable.event(e.getStatus() == null ? List.of() : e.getStatus().getConditions())
                .ifPresent(ev -> EventRecorder.record(client, e, ev, clock));
        requeue.ifPresent(control::rescheduleAfter);
        return control;
    }

    /**
     * Signs the decision the experiment's status records (read back from the cluster, so durable), writes the envelope
     * unless the verdict ConfigMap already holds this very payload signed, publishes the public keys and names it in the
     * next status. A retry after a failed write signs the same bytes.
     */
    private static void sign(io.fabric8.kubernetes.client.KubernetesClient client, CacheWarmExperiment e, CacheWarmExperimentStatus next,
            Instant now) {
        SigningKeys keys = SigningConfig.keys(client);
        var signer = keys.signer(purpose(e), now);
        byte[] payload = VerdictSigning.payload(VerdictSigning.statement(e));
        var stored = VerdictConfigMap.read(client, e);
        var envelope = VerdictSigning.envelope(payload, stored, signer);
        if (!stored.equals(Optional.of(envelope))) {
            VerdictConfigMap.apply(client, e, envelope);
        }
        keys.publish(signer.ring(), Optional.of(e.getMetadata().getNamespace()));
        next.setVerdict(VerdictSigning.ref(e, envelope));
    }

    public static String purpose(CacheWarmExperiment e) {
        return SigningKeys.purposeFor(PURPOSE_PREFIX, e.getMetadata().getNamespace(), e.getMetadata().getName());
    }

    @Override
    public ErrorStatusUpdateControl<CacheWarmExperiment> updateErrorStatus(CacheWarmExperiment resource,
            Context<CacheWarmExperiment> context, Exception ex) {
        return StatusWrites.reportError(resource, context, ex, CacheWarmExperimentStatus::new, clock);
    }
}
