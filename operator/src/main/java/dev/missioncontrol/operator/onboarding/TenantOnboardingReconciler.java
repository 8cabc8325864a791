package dev.missioncontrol.operator.onboarding;

import com.fasterxml.jackson.databind.JsonNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.onboarding.ApproverTrustList;
import dev.missioncontrol.core.onboarding.EvidenceStatement;
import dev.missioncontrol.core.onboarding.OnboardingProblem;
import dev.missioncontrol.core.onboarding.PackRenderer;
import dev.missioncontrol.operator.api.v1alpha1.OnboardingPack;
import dev.missioncontrol.operator.api.v1alpha1.OnboardingPhase;
import dev.missioncontrol.operator.api.v1alpha1.TenantOnboarding;
import dev.missioncontrol.operator.api.v1alpha1.TenantOnboardingStatus;
import dev.missioncontrol.operator.common.ForeignObjects;
import dev.missioncontrol.operator.common.Teardown;
import dev.missioncontrol.operator.signing.SigningConfig;
import dev.missioncontrol.operator.signing.SigningKeys;
import dev.missioncontrol.operator.status.StatusWrites;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.quarkiverse.operatorsdk.annotations.RBACVerbs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Takes a tenant from its TenantOnboarding to Live: renders the pack, simulates every object against the API server's
 * real admission (Simulation), decides with the appeal tokens (OnboardingPlanner), and at go-live applies the objects,
 * turns the tenant's flags on and signs the evidence bundle once (EvidenceBundle). The bundle is the record of having
 * gone live: read first, never written twice.
 *
 * <p>Woken by: the onboarding, its pack, the tenant's namespaces and quotas (usage), the approvers' trust list and the
 * evidence bundle; and by itself at the earliest notAfter of the waivers it uses. Nothing polls.
 */
// The objects a pack renders, applied at go-live (and dry-run before): namespaces, quotas, limit ranges, network policies,
// role bindings (bind: the pack's ClusterRoles are bound for the tenant's groups), ConfigMaps, SearchSLOs, and the workload
// kinds the shipped packs use (Pods, Deployments, Services). A pack with other workload kinds needs RBAC for them.
@RBACRule(apiGroups = "", resources = "namespaces", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH, RBACVerbs.CREATE,
        RBACVerbs.PATCH, RBACVerbs.DELETE})
@RBACRule(apiGroups = "", resources = {"resourcequotas", "limitranges", "configmaps", "pods", "services"},
        verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH, RBACVerbs.CREATE, RBACVerbs.PATCH})
@RBACRule(apiGroups = "", resources = "resourcequotas/status", verbs = {RBACVerbs.GET, RBACVerbs.UPDATE, RBACVerbs.PATCH})
@RBACRule(apiGroups = "", resources = "serviceaccounts", verbs = {RBACVerbs.CREATE})
@RBACRule(apiGroups = "apps", resources = "deployments", verbs = {RBACVerbs.GET, RBACVerbs.CREATE, RBACVerbs.PATCH})
@RBACRule(apiGroups = "networking.k8s.io", resources = "networkpolicies", verbs = {RBACVerbs.GET, RBACVerbs.CREATE, RBACVerbs.PATCH})
@RBACRule(apiGroups = "rbac.authorization.k8s.io", resources = "rolebindings", verbs = {RBACVerbs.GET, RBACVerbs.CREATE, RBACVerbs.PATCH})
@RBACRule(apiGroups = "rbac.authorization.k8s.io", resources = "clusterroles", verbs = {"bind"})
@RBACRule(apiGroups = "missioncontrol.dev", resources = "searchslos", verbs = {RBACVerbs.GET, RBACVerbs.CREATE, RBACVerbs.PATCH})
@RBACRule(apiGroups = "missioncontrol.dev", resources = "onboardingpacks", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
@ControllerConfiguration(name = TenantOnboardingReconciler.NAME)
public class TenantOnboardingReconciler implements Reconciler<TenantOnboarding> {

    public static final String NAME = "tenantonboarding";
    static final Duration SETTLE_RETRY = Duration.ofSeconds(2);

    private final Clock clock;

    public TenantOnboardingReconciler() {
        this(Clock.systemUTC());
    }

    TenantOnboardingReconciler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, TenantOnboarding>> prepareEventSources(EventSourceContext<TenantOnboarding> context) {
        var packs = InformerEventSourceConfiguration.from(OnboardingPack.class, TenantOnboarding.class)
                .withName("packs")
                .withSecondaryToPrimaryMapper(pack -> context.getPrimaryCache().list()
                        .filter(t -> t.getSpec() != null && t.getSpec().getPackRef() != null
                                && pack.getMetadata().getName().equals(t.getSpec().getPackRef().getName()))
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build();
        // The tenant's namespaces (not the simulation's sandboxes): a namespace deleted or relabelled is seen at once.
        var namespaces = InformerEventSourceConfiguration.from(Namespace.class, TenantOnboarding.class)
                .withName("namespaces")
                .withWatchAllNamespaces()
                .withFollowControllerNamespacesChanges(false)
                .withLabelSelector(PackRenderer.TENANT_LABEL + ",!" + Simulation.SIMULATION_FOR)
                .withSecondaryToPrimaryMapper(ns -> byTenantLabel(ns.getMetadata().getLabels()))
                .build();
        // Usage: the quotas' status changes as the tenant's pods come and go (not the sandboxes' copies).
        // Limited to some namespaces (the chart's watchNamespaces), the operator may not list quotas cluster-wide; onboarding
        // then only reports that it needs every namespace (below), so the quotas of those namespaces are enough.
        var watched = OnboardingConfig.watchedNamespaces();
        var quotas = InformerEventSourceConfiguration.from(ResourceQuota.class, TenantOnboarding.class)
                .withName("quotas")
                .withNamespaces(watched.isEmpty() ? Set.of(io.javaoperatorsdk.operator.api.reconciler.Constants.WATCH_ALL_NAMESPACES) : watched)
                .withFollowControllerNamespacesChanges(false)
                .withLabelSelector(PackRenderer.TENANT_LABEL + ",!" + Simulation.SIMULATION_FOR)
                .withSecondaryToPrimaryMapper(q -> byTenantLabel(q.getMetadata().getLabels()))
                .build();
        // The operator's namespace: the approvers' trust list (every onboarding) and the evidence bundles (their tenant).
        var operatorConfigMaps = InformerEventSourceConfiguration.from(ConfigMap.class, TenantOnboarding.class)
                .withName("operator-configmaps")
                .withNamespaces(Set.of(SigningConfig.operatorNamespace()))
                .withSecondaryToPrimaryMapper(cm -> OnboardingConfig.APPROVERS_CONFIGMAP.equals(cm.getMetadata().getName())
                        ? context.getPrimaryCache().list().map(ResourceID::fromResource).collect(Collectors.toSet())
                        : cm.getMetadata().getLabels() != null && cm.getMetadata().getLabels().containsKey(EvidenceBundle.EVIDENCE_LABEL)
                                ? byTenantLabel(cm.getMetadata().getLabels()) : Set.of())
                .build();
        return List.of(new InformerEventSource<>(packs, context), new InformerEventSource<>(namespaces, context),
                new InformerEventSource<>(quotas, context), new InformerEventSource<>(operatorConfigMaps, context));
    }

    /** A TenantOnboarding is named after its tenant id (the API server enforces it). */
    static Set<ResourceID> byTenantLabel(Map<String, String> labels) {
        String tenant = labels == null ? null : labels.get(PackRenderer.TENANT_LABEL);
        return tenant == null || tenant.isEmpty() ? Set.of() : Set.of(new ResourceID(tenant));
    }

    @Override
    public UpdateControl<TenantOnboarding> reconcile(TenantOnboarding onboarding, Context<TenantOnboarding> context) {
        if (Teardown.goingAway(onboarding)) {
            return UpdateControl.noUpdate();
        }
        var watched = OnboardingConfig.watchedNamespaces();
        if (!watched.isEmpty()) {
            // It creates namespaces and objects in them: the namespaced RBAC of watchNamespaces cannot allow that.
            var plan = new OnboardingPlanner.Plan(OnboardingPhase.Blocked, "NeedsEveryNamespace", "the operator watches only "
                    + String.join(", ", watched) + " (watchNamespaces); onboarding creates the tenant's namespaces and the objects in them, "
                    + "so it needs the operator installed for every namespace; nothing is created", List.of(), List.of(), List.of(),
                    Optional.empty(), false, false, List.of());
            var observed = new TenantOnboardingStatusAggregator.Observed(null, null, null, Map.of(), null, null, null, null, null);
            return StatusWrites.writeIfChanged(onboarding, TenantOnboardingStatusAggregator.build(onboarding, plan, observed, clock), context);
        }
        KubernetesClient client = context.getClient();
        SigningKeys keys = SigningConfig.keys(client);
        var bundle = new EvidenceBundle(client, keys);
        var objects = new TenantObjects(client);
        var previous = onboarding.getStatus();
        Instant now = clock.instant();
        String tenant = onboarding.getSpec().getTenantId();

        // The bundle is the record of having gone live: an operator killed after writing it adopts it here.
        Optional<EvidenceBundle.Stored> stored = bundle.existing(onboarding);
        boolean live = stored.isPresent();

        String packName = onboarding.getSpec().getPackRef().getName();
        OnboardingPack pack = client.resources(OnboardingPack.class).withName(packName).get();
        PackRenderer.Rendered rendered = pack == null
                ? new PackRenderer.Rendered(List.of(), List.of(), null, Map.of(), List.of(new OnboardingProblem("spec.packRef.name",
                        "PackNotFound", "no OnboardingPack " + packName + " exists; create it or name an existing pack")))
                : PackRenderer.render(PackConversion.pack(pack), PackConversion.request(onboarding.getSpec()));
        String renderedSha = rendered.ok() ? CanonicalJson.sha256(CanonicalJson.MAPPER.valueToTree(rendered.objects())) : null;
        List<String> taken = rendered.ok() ? objects.takenNamespaces(onboarding, rendered.objects()) : List.of();

        List<EvidenceStatement.SimulationRow> answers = List.of();
        String simulatedSha = null;
        if (rendered.ok() && taken.isEmpty()) {
            if (live || TenantOnboardingStatusAggregator.simulated(previous, renderedSha)) {
                answers = TenantOnboardingStatusAggregator.answers(previous);
                simulatedSha = previous == null ? null : previous.getRenderedSha256();
            } else if (previous == null || previous.getPhase() != OnboardingPhase.Simulating) {
                // Say so first, then simulate in the next pass (the dry runs take a moment).
                return StatusWrites.writeIfChanged(onboarding, simulating(onboarding, now), context).rescheduleAfter(Duration.ofMillis(10));
            } else {
                var simulation = new Simulation(client);
                simulation.deleteLeftovers(onboarding);
                answers = simulation.run(onboarding, rendered.objects(), now.toEpochMilli());
                simulatedSha = renderedSha;
            }
        }

        Optional<ApproverTrustList> trust = Optional.empty();
        String trustProblem = null;
        ConfigMap approvers = client.configMaps().inNamespace(keys.namespace()).withName(OnboardingConfig.APPROVERS_CONFIGMAP).get();
        if (approvers == null || approvers.getData() == null || approvers.getData().get(OnboardingConfig.APPROVERS_KEY) == null) {
            trustProblem = "there is no approver trust list: ConfigMap " + OnboardingConfig.APPROVERS_CONFIGMAP + " (namespace "
                    + keys.namespace() + ", key " + OnboardingConfig.APPROVERS_KEY + ") is missing; the platform team writes it";
        } else {
            try {
                trust = Optional.of(ApproverTrustList.parse(approvers.getData().get(OnboardingConfig.APPROVERS_KEY)));
            } catch (IllegalArgumentException e) {
                trustProblem = "the approver trust list " + OnboardingConfig.APPROVERS_CONFIGMAP + " cannot be read: " + e.getMessage();
            }
        }

        Map<String, Map<String, String>> used = live && rendered.ok() ? usage(client, rendered) : Map.of();
        List<String> overBudget = live && rendered.budget() != null && rendered.budget().ok()
                ? BudgetUsage.over(rendered.budget().allocated().plus(rendered.budget().unallocated()), used.values()) : List.of();
        var inputs = new OnboardingPlanner.Inputs(tenant, rendered, answers, onboarding.getSpec().getAppealTokens(), trust, trustProblem,
                OnboardingConfig.maxWindow(), now, onboarding.getSpec().isGoLive(), onboarding.getSpec().getOwners(), taken, live,
                overBudget);
        var plan = OnboardingPlanner.plan(inputs);

        String home = rendered.ok() ? rendered.objects().get(0).path("metadata").path("name").asText() : null;
        if (plan.goLiveNow()) {
            try {
                List<JsonNode> created = objects.apply(onboarding, plan.toApply());
                objects.writeFlags(TenantObjects.flags(onboarding, home, rendered.featureFlags(), true));
                var waivers = plan.accepted().stream().map(a -> new EvidenceStatement.Waiver(a.digest(), a.claims().policy(),
                        a.claims().object(), a.claims().notAfter(), a.claims().ticket(), a.claims().approver())).toList();
                var input = new EvidenceStatement.Input(tenant, pack.getMetadata().getName(), pack.getSpec().getVersion(),
                        rendered.parameters(), plan.rows(), waivers, rendered.budget().shares(), now, created);
                stored = Optional.of(bundle.write(onboarding, input, now));
            } catch (KubernetesClientException e) {
                if (e.getStatus() == null || !AdmissionAnswers.transientRefusal(String.valueOf(e.getStatus().getMessage()))) {
                    throw e;
                }
                // A new namespace's quota status and default ServiceAccount come a moment after it: apply again shortly.
                plan = new OnboardingPlanner.Plan(OnboardingPhase.Ready, "GoingLive", "applying the tenant's objects; the API server said: "
                        + e.getStatus().getMessage(), plan.rows(), plan.accepted(), plan.rejected(), Optional.of(now.plus(SETTLE_RETRY)),
                        false, false, plan.toApply());
            }
        } else if (live && home != null) {
            objects.writeFlags(TenantObjects.flags(onboarding, home, rendered.featureFlags(), plan.flagsOn()));
        } else if (live) {
            objects.turnFlagsOff(onboarding); // Suspended: the pack no longer renders
        }

        var evidence = stored.map(EvidenceBundle.Stored::evidence).orElse(null);
        var observed = new TenantOnboardingStatusAggregator.Observed(pack == null ? null : pack.getSpec().getVersion(), simulatedSha,
                rendered.budget(), used, rendered.ok() ? rendered.featureFlags() : null, stored.map(EvidenceBundle.Stored::objects).orElse(null),
                stored.map(s -> (int) s.blocksAtGoLive()).orElse(null), stored.map(EvidenceBundle.Stored::goLiveAt).orElse(null), evidence);
        var next = TenantOnboardingStatusAggregator.build(onboarding, plan, observed, clock);
        UpdateControl<TenantOnboarding> control = StatusWrites.writeIfChanged(onboarding, next, context);
        if (!taken.isEmpty()) {
            // Someone else's namespace wakes no informer of ours when it goes: look again in a while.
            control.rescheduleAfter(ForeignObjects.RECHECK);
        } else if (plan.recheckAt().isPresent()) {
            // At the earliest notAfter a waiver ends: decide again then, by itself.
            control.rescheduleAfter(Duration.between(now, plan.recheckAt().get()).plusMillis(500));
        }
        return control;
    }

    private TenantOnboardingStatus simulating(TenantOnboarding onboarding, Instant now) {
        var plan = new OnboardingPlanner.Plan(OnboardingPhase.Simulating, "Simulating",
                "sending every rendered object to the API server with server-side dry run", List.of(), List.of(), List.of(),
                Optional.empty(), false, false, List.of());
        var observed = new TenantOnboardingStatusAggregator.Observed(null, null, null, Map.of(), null, null, null, null, null);
        return TenantOnboardingStatusAggregator.build(onboarding, plan, observed, clock);
    }

    /** Each tenant namespace's quota usage, from the quotas' status. */
    private static Map<String, Map<String, String>> usage(KubernetesClient client, PackRenderer.Rendered rendered) {
        Map<String, Map<String, String>> used = new TreeMap<>();
        for (var share : rendered.budget().shares()) {
            ResourceQuota q = client.resourceQuotas().inNamespace(share.namespace()).withName(PackRenderer.QUOTA_NAME).get();
            if (q != null && q.getStatus() != null && q.getStatus().getUsed() != null) {
                Map<String, String> u = new TreeMap<>();
                q.getStatus().getUsed().forEach((k, v) -> u.put(k, v.toString()));
                used.put(share.namespace(), u);
            }
        }
        return used;
    }

    @Override
    public ErrorStatusUpdateControl<TenantOnboarding> updateErrorStatus(TenantOnboarding onboarding, Context<TenantOnboarding> context,
            Exception e) {
        return StatusWrites.reportError(onboarding, context, e, TenantOnboardingStatus::new, clock);
    }
}
