package dev.missioncontrol.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missioncontrol.core.onboarding.ApproverTrustList;
import dev.missioncontrol.operator.testing.Actors;
import dev.missioncontrol.operator.testing.ApiServerCrdTest;
import dev.missioncontrol.operator.testing.LocalCluster;
import dev.missioncontrol.operator.testing.ProcessRunner;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The chart's onboarding policies (templates/onboarding-policies.yaml, installed by hack/admission-policies.sh as every
 * test layer does) against the real API server: each refuses the bad object in a tenant namespace with a message that
 * names the field, a server-side dry run is refused the same way (a TenantOnboarding's simulation relies on it), the
 * good object is admitted, a [Warn, Audit] binding rendered by the chart warns instead of refusing, and only the
 * platform admins may write the approvers' trust list. docs/tenant-onboarding.md#policies-the-chart-ships.
 */
@Tag("apiserver")
class OnboardingPolicyCrdTest extends ApiServerCrdTest {

    static final String PREFIX = "mission-control-operator-onboarding-";
    static final String IMAGE = "registry.k8s.io/pause:3.10";
    static final String PLATFORM_ADMINS = "mission-control:platform-admins";
    /** Given RBAC on ConfigMaps in the operator's namespace, so that the policy (not RBAC) answers the actors below. */
    static final String CM_WRITERS = "mission-control-test:configmap-writers";
    static final String RBAC_NAME = "mission-control-test-configmap-writers";

    final String tenant = "op" + UUID.randomUUID().toString().substring(0, 6);
    String web;
    final List<HasMetadata> cleanup = new ArrayList<>();
    boolean trustListCreatedHere;

    @BeforeAll
    void installPoliciesAndATenantNamespace() throws Exception {
        var install = ProcessRunner.run(Duration.ofMinutes(3), List.of(Path.of("..", "hack", "admission-policies.sh").toString()));
        assertThat(install.code()).as(install.output()).isZero();
        ensureConfigMapWriters();
        web = tenant + "-web";
        client.resource(tenantNamespace(web, tenant, "cc-4711")).create();
        client.serviceAccounts().inNamespace(web).withName("default")
                .waitUntilCondition(sa -> sa != null, 60, TimeUnit.SECONDS);
        // A new policy (and a policy's parameter cache) reaches admission a moment later: wait until each one answers.
        awaitRefusal(() -> client.resource(pod(web, "probe", new PodSpecBuilder(podSpec()).withHostNetwork(true).build())).dryRun().create(),
                "no-host-network");
        awaitRefusal(() -> client.resource(tenantNamespace(tenant + "-probe", tenant, null)).dryRun().create(), "tenant-namespace");
        awaitRefusal(() -> client.resource(roleBinding(web, "probe", "cluster-admin", "devs")).dryRun().create(), "no-cluster-admin");
        awaitRefusal(() -> client.resource(trustList("{}")).inNamespace(LocalCluster.OPERATOR_NAMESPACE).dryRun().create(), "approvers");
    }

    @AfterAll
    void deleteWhatWasCreated() {
        for (HasMetadata o : cleanup) {
            client.resource(o).delete();
        }
        if (web != null) {
            client.namespaces().withName(web).delete();
        }
        if (trustListCreatedHere) {
            admin().configMaps().inNamespace(LocalCluster.OPERATOR_NAMESPACE).withName(ApproverTrustList.CONFIGMAP).delete();
        }
    }

    // ---------------------------------------------------------------- pods and pod templates

    @Test
    void hostNetworkPidAndIpcAreRefusedInEveryPodShapeAndADryRunIsRefusedTheSame() {
        assertRefused(pod(web, "host-net", new PodSpecBuilder(podSpec()).withHostNetwork(true).build()), "no-host-network",
                "spec.hostNetwork: a pod in tenant namespace " + web + " may not use the node's network namespace; remove hostNetwork");
        assertRefused(pod(web, "host-pid", new PodSpecBuilder(podSpec()).withHostPID(true).build()), "no-host-network",
                "spec.hostPID: a pod in tenant namespace " + web + " may not share the node's process namespace");
        assertRefused(pod(web, "host-ipc", new PodSpecBuilder(podSpec()).withHostIPC(true).build()), "no-host-network",
                "spec.hostIPC: a pod in tenant namespace " + web + " may not share the node's IPC namespace");
        assertRefused(deployment(web, "host-net", new PodSpecBuilder(podSpec()).withHostNetwork(true).build()), "no-host-network",
                "spec.template.spec.hostNetwork: ");
        assertRefused(cronJob(web, "host-pid", new PodSpecBuilder(podSpec()).withHostPID(true).withRestartPolicy("Never").build()),
                "no-host-network", "spec.jobTemplate.spec.template.spec.hostPID: ");
        // hostNetwork: false is no host network
        admitted(pod(web, "no-host-net", new PodSpecBuilder(podSpec()).withHostNetwork(false).build()));
        admitted(deployment(web, "plain", podSpec()));
        // outside a tenant namespace the onboarding policies do not apply
        client.resource(pod(namespace, "host-net-elsewhere", new PodSpecBuilder(podSpec()).withHostNetwork(true).build())).dryRun().create();
    }

    @Test
    void hostPathVolumesAreRefusedAndOtherVolumesAdmitted() {
        PodSpec hostPath = new PodSpecBuilder(podSpec()).addNewVolume().withName("node-etc").withNewHostPath().withPath("/etc").endHostPath()
                .endVolume().addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume().build();
        assertRefused(pod(web, "host-path", hostPath), "no-host-path", "spec.volumes: \"node-etc\" is a hostPath volume, which a pod in"
                + " tenant namespace " + web + " may not mount; use an emptyDir, a PersistentVolumeClaim, a ConfigMap or a Secret instead");
        assertRefused(deployment(web, "host-path", hostPath), "no-host-path", "spec.template.spec.volumes: \"node-etc\" is a hostPath volume");
        admitted(pod(web, "empty-dir", new PodSpecBuilder(podSpec()).addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir()
                .endVolume().build()));
    }

    @Test
    void imagesComeOnlyFromTheAllowedRegistriesAndALookalikeHostIsNotOne() {
        assertRefused(pod(web, "lookalike", podSpec("registry.k8s.io.evil.io/pause:3.10")), "allowed-registries",
                "spec.containers[c].image \"registry.k8s.io.evil.io/pause:3.10\" is not from an allowed registry (registry.k8s.io): "
                        + "push the image to one of them");
        assertRefused(pod(web, "port", podSpec("registry.k8s.io:5000/pause:3.10")), "allowed-registries",
                "\"registry.k8s.io:5000/pause:3.10\" is not from an allowed registry");
        // a name without a registry host is Docker Hub's; init containers are checked too, every offender listed
        PodSpec hub = new PodSpecBuilder(podSpec("nginx")).addNewInitContainer().withName("init").withImage("evil.io/x").endInitContainer()
                .build();
        assertRefused(pod(web, "hub", hub), "allowed-registries",
                "spec.containers[c].image \"nginx\", spec.initContainers[init].image \"evil.io/x\" are not from an allowed registry");
        assertRefused(cronJob(web, "hub", new PodSpecBuilder(podSpec("docker.io/library/busybox")).withRestartPolicy("Never").build()),
                "allowed-registries", "spec.jobTemplate.spec.template.spec.containers[c].image \"docker.io/library/busybox\"");
        admitted(pod(web, "allowed", podSpec(IMAGE)));
        admitted(pod(web, "allowed-digest", podSpec("REGISTRY.K8S.IO/pause@sha256:" + "a".repeat(64))));
    }

    // ---------------------------------------------------------------- namespaces

    @Test
    void aTenantNamespaceNeedsAValidTenantACostCentreAndTheTenantPrefix() {
        assertRefused(tenantNamespace(tenant + "-nocc", tenant, null), "tenant-namespace", 422,
                "metadata.labels[missioncontrol.dev/cost-centre] is required on a namespace of tenant \"" + tenant
                        + "\": label it with the tenant's cost centre");
        // an empty label is no cost centre (the default onboarding.costCentrePattern admits any other label value)
        assertRefused(tenantNamespace(tenant + "-emptycc", tenant, ""), "tenant-namespace", 422,
                "metadata.labels[missioncontrol.dev/cost-centre] is required on a namespace of tenant \"" + tenant + "\"");
        assertRefused(tenantNamespace("other-" + tenant, tenant, "cc-1"), "tenant-namespace", 422,
                "metadata.name: a namespace of tenant \"" + tenant + "\" is named " + tenant + "-<suffix>, and \"other-" + tenant
                        + "\" is not; rename the namespace or correct its missioncontrol.dev/tenant label");
        assertRefused(tenantNamespace(tenant, tenant, "cc-1"), "tenant-namespace", 422, "is named " + tenant + "-<suffix>");
        String tooLong = "t" + "x".repeat(40);
        assertRefused(tenantNamespace(tooLong + "-web", tooLong, "cc-1"), "tenant-namespace", 422,
                "metadata.labels[missioncontrol.dev/tenant]: \"" + tooLong + "\" is not a tenant id");
        client.resource(tenantNamespace(tenant + "-api", tenant, "cc-4711")).dryRun().create();
        // removing the cost centre from a live tenant namespace is refused as well
        Namespace live = client.namespaces().withName(web).get();
        live.getMetadata().getLabels().remove("missioncontrol.dev/cost-centre");
        assertThatThrownBy(() -> client.resource(live).dryRun().update()).isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("metadata.labels[missioncontrol.dev/cost-centre] is required");
        // a namespace that is no tenant's is not judged
        client.resource(new NamespaceBuilder().withNewMetadata().withName("no-tenant-" + tenant).endMetadata().build()).dryRun().create();
    }

    // ---------------------------------------------------------------- cluster-admin

    @Test
    void clusterAdminOrAStarRoleIsNeverBoundToATenantGroup() throws Exception {
        assertRefused(roleBinding(web, "admins", "cluster-admin", "devs"), "no-cluster-admin",
                "roleRef: ClusterRole cluster-admin grants every verb on every resource, and subject Group devs is a tenant group; "
                        + "bind a narrower role");
        var crb = new ClusterRoleBindingBuilder().withNewMetadata().withName("mc-test-" + tenant + "-admins").endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName("tenant:" + tenant + "-devs").endSubject()
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName("platform-sre").endSubject()
                .build();
        assertRefused(crb, "no-cluster-admin", "subject Group tenant:" + tenant + "-devs is a tenant group");
        // a ClusterRole of another name that grants '*' on '*' is judged by its rules (the policy's parameters)
        var star = new ClusterRoleBuilder().withNewMetadata().withName("mc-test-" + tenant + "-star").endMetadata()
                .addToRules(new PolicyRuleBuilder().withApiGroups("").withResources("*").withVerbs("*").build()).build();
        cleanup.add(client.resource(star).create());
        awaitRefusal(() -> client.resource(roleBinding(web, "star-probe", star.getMetadata().getName(), "devs")).dryRun().create(),
                "no-cluster-admin");
        assertRefused(roleBinding(web, "star", star.getMetadata().getName(), "devs"), "no-cluster-admin",
                "roleRef: ClusterRole " + star.getMetadata().getName() + " grants every verb on every resource");
        // narrower roles, and cluster-admin for groups that are not a tenant's outside tenant namespaces, are admitted
        admitted(roleBinding(web, "editors", "edit", "devs"));
        client.resource(roleBinding(namespace, "sre", "cluster-admin", "platform-sre")).dryRun().create();
    }

    // ---------------------------------------------------------------- Warn

    @Test
    void aWarnBindingRenderedByTheChartWarnsAndAdmits() throws Exception {
        Path tools = System.getenv("MC_TOOLS_DIR") != null ? Path.of(System.getenv("MC_TOOLS_DIR"))
                : Path.of(System.getProperty("user.home"), ".cache", "mission-control", "tools");
        var rendered = ProcessRunner.run(Duration.ofMinutes(1), List.of(tools.resolve("path").resolve("helm").toString(), "template",
                "mission-control-operator", Path.of("..", "charts", "mission-control-operator").toString(), "--namespace",
                LocalCluster.OPERATOR_NAMESPACE, "--show-only", "templates/onboarding-policies.yaml",
                "--set", "onboarding.policies.noHostPath.validationActions={Warn,Audit}"));
        assertThat(rendered.code()).as(rendered.output()).isZero();
        GenericKubernetesResource binding = client.load(new ByteArrayInputStream(rendered.stdout().getBytes(StandardCharsets.UTF_8)))
                .items().stream().filter(o -> o.getKind().equals("ValidatingAdmissionPolicyBinding")
                        && o.getMetadata().getName().equals(PREFIX + "no-host-path"))
                .map(o -> client.getKubernetesSerialization().convertValue(o, GenericKubernetesResource.class)).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) binding.getAdditionalProperties().get("spec");
        assertThat(spec.get("validationActions")).isEqualTo(List.of("Warn", "Audit"));
        // The same binding, under a name of its own and for a namespace of this test only (not a tenant's, which the
        // chart's Deny binding also matches), so the shared Deny binding stays as it is.
        String warnNs = "mc-onb-warn-" + tenant;
        client.resource(new NamespaceBuilder().withNewMetadata().withName(warnNs).addToLabels("mc-test/onboarding-warn", tenant)
                .endMetadata().build()).create();
        cleanup.add(client.namespaces().withName(warnNs).get());
        binding.getMetadata().setName("mc-test-" + tenant + "-no-host-path-warn");
        binding.getMetadata().setLabels(Map.of("mc-test/onboarding-warn", tenant));
        spec.put("matchResources", Map.of("namespaceSelector", Map.of("matchLabels", Map.of("mc-test/onboarding-warn", tenant))));
        cleanup.add(0, client.resource(binding).create());

        Path manifest = Files.createTempFile("host-path-pod", ".json");
        PodSpec hostPath = new PodSpecBuilder(podSpec()).addNewVolume().withName("node-etc").withNewHostPath().withPath("/etc")
                .endHostPath().endVolume().build();
        Files.writeString(manifest, client.getKubernetesSerialization().asJson(pod(warnNs, "warned", hostPath)));
        List<String> kubectl = List.of(tools.resolve("path").resolve("kubectl").toString(), "create", "--dry-run=server", "-f",
                manifest.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        ProcessRunner.Result r;
        while (true) {
            r = ProcessRunner.run(Duration.ofMinutes(1), kubectl);
            assertThat(r.code()).as("a Warn binding admits: %s", r.output()).isZero();
            if (r.stderr().contains("Warning: ")) {
                break;
            }
            assertThat(System.nanoTime()).as("no warning 30 s after the Warn binding was created: %s", r.output()).isLessThan(deadline);
            Thread.sleep(200);
        }
        assertThat(r.stderr()).contains("Warning: Validation failed for ValidatingAdmissionPolicy '" + PREFIX + "no-host-path' with binding '"
                + binding.getMetadata().getName() + "': spec.volumes: \"node-etc\" is a hostPath volume");
        assertThat(r.stdout()).contains("pod/warned created (server dry run)");
        Files.deleteIfExists(manifest);
    }

    // ---------------------------------------------------------------- the approvers' trust list

    @Test
    void onlyThePlatformAdminsMayWriteTheApproversTrustList() {
        ensureConfigMapWriters();
        KubernetesClient padmin = admin();
        KubernetesClient operatorSa = Actors.as("system:serviceaccount:" + LocalCluster.OPERATOR_NAMESPACE + ":mission-control-operator",
                "system:serviceaccounts", "system:serviceaccounts:" + LocalCluster.OPERATOR_NAMESPACE, CM_WRITERS);
        KubernetesClient sre = Actors.as("sre@platform.example", CM_WRITERS, "mission-control:operators");
        String ns = LocalCluster.OPERATOR_NAMESPACE;
        String refusal = "ConfigMap mission-control-onboarding-approvers is the approvers' trust list: only members of the platform admin "
                + "group(s) " + PLATFORM_ADMINS + " may create, change or delete it, and \"";

        // awaits RBAC for the writers' group: a dry run that the policy (not RBAC) answers
        awaitRefusal(() -> sre.resource(trustList("{}")).inNamespace(ns).dryRun().create(), "approvers");
        assertRefusedBy(() -> operatorSa.resource(trustList("{}")).inNamespace(ns).dryRun().create(), "approvers", 403,
                refusal + "system:serviceaccount:" + ns + ":mission-control-operator\" is in none of them");
        assertRefusedBy(() -> sre.resource(trustList("{}")).inNamespace(ns).create(), "approvers", 403,
                refusal + "sre@platform.example\" is in none of them; ask a platform admin");
        // the kubeconfig's cluster-admin is no platform admin either
        assertRefusedBy(() -> client.resource(trustList("{}")).inNamespace(ns).dryRun().create(), "approvers", 403, refusal);

        if (padmin.configMaps().inNamespace(ns).withName(ApproverTrustList.CONFIGMAP).get() == null) {
            padmin.resource(trustList("{\"purpose\":\"onboarding-approvers\",\"keys\":[]}")).inNamespace(ns).create();
            trustListCreatedHere = true;
        }
        var existing = padmin.configMaps().inNamespace(ns).withName(ApproverTrustList.CONFIGMAP);
        assertRefusedBy(() -> sre.configMaps().inNamespace(ns).withName(ApproverTrustList.CONFIGMAP).dryRun()
                .edit(cm -> new ConfigMapBuilder(cm).addToData(ApproverTrustList.DATA_KEY, "{\"keys\":[]}").build()), "approvers", 403, refusal);
        assertRefusedBy(() -> operatorSa.configMaps().inNamespace(ns).withName(ApproverTrustList.CONFIGMAP).dryRun().delete(), "approvers",
                403, refusal);
        assertRefusedBy(() -> sre.configMaps().inNamespace(ns).withName(ApproverTrustList.CONFIGMAP).delete(), "approvers", 403, refusal);
        // a platform admin may change it; another ConfigMap of the namespace is not guarded
        existing.dryRun().edit(cm -> new ConfigMapBuilder(cm).addToData("note", "reviewed").build());
        existing.dryRun().delete();
        sre.resource(new ConfigMapBuilder().withNewMetadata().withName("mission-control-onboarding-approvers-copy").endMetadata().build())
                .inNamespace(ns).dryRun().create();
        assertThat(existing.get()).isNotNull();
    }

    // ---------------------------------------------------------------- helpers

    private KubernetesClient admin() {
        ensureConfigMapWriters();
        return Actors.as("pat@platform.example", PLATFORM_ADMINS, CM_WRITERS);
    }

    private void ensureConfigMapWriters() {
        String ns = LocalCluster.OPERATOR_NAMESPACE;
        if (client.namespaces().withName(ns).get() == null) {
            client.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).serverSideApply();
        }
        client.resource(new RoleBuilder().withNewMetadata().withName(RBAC_NAME).withNamespace(ns).endMetadata()
                .addToRules(new PolicyRuleBuilder().withApiGroups("").withResources("configmaps")
                        .withVerbs("get", "list", "create", "update", "patch", "delete").build()).build())
                .forceConflicts().fieldManager("mission-control-tests").serverSideApply();
        client.resource(new RoleBindingBuilder().withNewMetadata().withName(RBAC_NAME).withNamespace(ns).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", RBAC_NAME)
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName(CM_WRITERS).endSubject().build())
                .forceConflicts().fieldManager("mission-control-tests").serverSideApply();
    }

    static ConfigMap trustList(String json) {
        return new ConfigMapBuilder().withNewMetadata().withName(ApproverTrustList.CONFIGMAP).endMetadata()
                .addToData(ApproverTrustList.DATA_KEY, json).build();
    }

    static Namespace tenantNamespace(String name, String tenant, String costCentre) {
        var b = new NamespaceBuilder().withNewMetadata().withName(name).addToLabels("missioncontrol.dev/tenant", tenant)
                .addToLabels("missioncontrol.dev/test", "true");
        if (costCentre != null) {
            b.addToLabels("missioncontrol.dev/cost-centre", costCentre);
        }
        return b.endMetadata().build();
    }

    static PodSpec podSpec() {
        return podSpec(IMAGE);
    }

    static PodSpec podSpec(String image) {
        return new PodSpecBuilder().addNewContainer().withName("c").withImage(image).endContainer().build();
    }

    static Pod pod(String ns, String name, PodSpec spec) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata().withSpec(spec).build();
    }

    static HasMetadata deployment(String ns, String name, PodSpec spec) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata().withNewSpec()
                .withNewSelector().addToMatchLabels("app", name).endSelector().withNewTemplate().withNewMetadata().addToLabels("app", name)
                .endMetadata().withSpec(spec).endTemplate().endSpec().build();
    }

    static HasMetadata cronJob(String ns, String name, PodSpec spec) {
        return new CronJobBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata().withNewSpec().withSchedule("0 0 * * *")
                .withNewJobTemplate().withNewSpec().withNewTemplate().withSpec(spec).endTemplate().endSpec().endJobTemplate().endSpec().build();
    }

    static HasMetadata roleBinding(String ns, String name, String clusterRole, String group) {
        return new RoleBindingBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", clusterRole)
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName(group).endSubject().build();
    }

    /** Admitted for real (and so by a dry run); deleted at the end. */
    private void admitted(HasMetadata o) {
        cleanup.add(0, client.resource(o).create());
    }

    private void assertRefused(HasMetadata o, String policy, String message) {
        assertRefused(o, policy, 403, message);
    }

    /**
     * The object is refused by the named onboarding policy both on a server-side dry run (what a TenantOnboarding's
     * simulation sends) and on a real create, with the same code and message, and nothing is persisted.
     */
    private void assertRefused(HasMetadata o, String policy, int code, String message) {
        String dryRun = assertRefusedBy(() -> client.resource(o).dryRun().create(), policy, code, message);
        String real = assertRefusedBy(() -> client.resource(o).create(), policy, code, message);
        assertThat(real).as("a dry run is refused exactly as the create").isEqualTo(dryRun);
        assertThat(client.resource(o).get()).as("nothing persisted").isNull();
    }

    /** Refused by the named policy with this HTTP code, the message naming the field; returns the server's message. */
    private static String assertRefusedBy(ThrowingCallable call, String policy, int code, String message) {
        List<String> out = new ArrayList<>();
        assertThatThrownBy(call).isInstanceOf(KubernetesClientException.class).satisfies(e -> {
            var kce = (KubernetesClientException) e;
            assertThat(kce.getCode()).as("HTTP status of the refusal: %s", kce.getMessage()).isEqualTo(code);
            assertThat(kce.getMessage()).contains("ValidatingAdmissionPolicy '" + PREFIX + policy + "'").contains(message);
            out.add(kce.getStatus() == null ? kce.getMessage() : kce.getStatus().getMessage());
            System.out.printf("[onboarding-policy] refused: %s%n", out.get(0));
        });
        return out.get(0);
    }

    /** Waits (dry runs, 30 s at most) until the named policy refuses: a new policy or parameter reaches admission later. */
    private static void awaitRefusal(Supplier<?> dryRun, String policy) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "admitted";
        while (true) {
            try {
                dryRun.get();
            } catch (KubernetesClientException e) {
                if (e.getMessage().contains("ValidatingAdmissionPolicy '" + PREFIX + policy + "'")) {
                    return;
                }
                last = e.getMessage();
            }
            assertThat(System.nanoTime()).as("policy %s refuses nothing 30 s after its install; last answer: %s", PREFIX + policy, last)
                    .isLessThan(deadline);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
