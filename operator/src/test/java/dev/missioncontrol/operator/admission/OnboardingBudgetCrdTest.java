package dev.missioncontrol.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.onboarding.Budget;
import dev.missioncontrol.core.onboarding.BudgetSplit;
import dev.missioncontrol.core.onboarding.Pack;
import dev.missioncontrol.core.onboarding.PackRenderer;
import dev.missioncontrol.core.onboarding.RenderRequest;
import dev.missioncontrol.operator.testing.ApiServerCrdTest;
import dev.missioncontrol.operator.testing.ProcessRunner;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, test 4 (budgets that cannot overshoot): a pack renders `pods: 10` over two namespaces as two
 * ResourceQuota shares (core PackRenderer and BudgetSplit), created for real; once the quota controller
 * (kube-controller-manager) has filled their status, 12 concurrent pod creations admit at most 10, and never more
 * than a namespace's share in it: the API server's own quota admission enforces the whole budget atomically.
 */
@Tag("apiserver")
class OnboardingBudgetCrdTest extends ApiServerCrdTest {

    static final String IMAGE = "registry.k8s.io/pause:3.10";

    final String tenant = "bd" + UUID.randomUUID().toString().substring(0, 6);
    final List<String> tenantNamespaces = new ArrayList<>();

    @BeforeAll
    void installPolicies() throws Exception {
        // the chart's onboarding policies are in force, as in every test layer: the pods below must pass them too
        var install = ProcessRunner.run(Duration.ofMinutes(3), List.of(Path.of("..", "hack", "admission-policies.sh").toString()));
        assertThat(install.code()).as(install.output()).isZero();
    }

    @AfterAll
    void deleteTenantNamespaces() {
        for (String ns : tenantNamespaces) {
            client.namespaces().withName(ns).delete();
        }
    }

    static Pack budgetPack() {
        return new Pack("budget", "1.0.0", Map.of(), List.of(new Pack.NamespaceTemplate("web", 1), new Pack.NamespaceTemplate("api", 1)),
                new Budget(0, "0", "0", "0", 0),
                new Pack.LimitRangeTemplate(Map.of("cpu", "10m", "memory", "16Mi"), Map.of("cpu", "10m", "memory", "16Mi")),
                null, false, List.of(), List.of(), null, "standard-monthly");
    }

    @Test
    void twelveConcurrentPodsAdmitAtMostTheBudgetOfTen() throws Exception {
        var rendered = PackRenderer.render(budgetPack(), new RenderRequest(tenant, "cc-4711", List.of(), Map.of(),
                new Budget(10, "1", "1Gi", "0", 0)));
        assertThat(rendered.problems()).isEmpty();
        List<BudgetSplit.Share> shares = rendered.budget().shares();
        assertThat(shares).hasSize(2);
        long sum = shares.stream().mapToLong(s -> s.amounts().pods()).sum();
        assertThat(sum).as("the shares never sum above the budget").isLessThanOrEqualTo(10);
        Map<String, Long> shareOf = new ConcurrentHashMap<>();
        shares.forEach(s -> shareOf.put(s.namespace(), s.amounts().pods()));

        // Namespaces, their ResourceQuota shares and LimitRanges (so a pod without requests still fits the quota), for real
        for (ObjectNode o : rendered.objects()) {
            String kind = o.path("kind").asText();
            if (!List.of("Namespace", "ResourceQuota", "LimitRange").contains(kind)) {
                continue;
            }
            var r = client.getKubernetesSerialization().unmarshal(CanonicalJson.write(o), GenericKubernetesResource.class);
            client.resource(r).create();
            if (kind.equals("Namespace")) {
                tenantNamespaces.add(r.getMetadata().getName());
                client.serviceAccounts().inNamespace(r.getMetadata().getName()).withName("default")
                        .waitUntilCondition(sa -> sa != null, 60, TimeUnit.SECONDS);
            }
        }
        assertThat(tenantNamespaces).containsExactlyInAnyOrder(tenant + "-web", tenant + "-api");
        // The quota controller (kube-controller-manager) fills status.hard and status.used; until it has, quota
        // admission cannot count and refuses every pod.
        for (String ns : tenantNamespaces) {
            ResourceQuota q = client.resourceQuotas().inNamespace(ns).withName(PackRenderer.QUOTA_NAME).waitUntilCondition(rq -> rq != null
                    && rq.getStatus() != null && rq.getStatus().getHard() != null && rq.getStatus().getHard().containsKey("pods")
                    && rq.getStatus().getUsed() != null && rq.getStatus().getUsed().containsKey("pods"), 60, TimeUnit.SECONDS);
            assertThat(q.getSpec().getHard().get("pods")).isEqualTo(new Quantity(Long.toString(shareOf.get(ns))));
            assertThat(q.getStatus().getHard().get("pods")).isEqualTo(new Quantity(Long.toString(shareOf.get(ns))));
        }

        // 12 concurrent creations, 6 per namespace, released at once
        ExecutorService pool = Executors.newFixedThreadPool(12);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger admitted = new AtomicInteger();
        Map<String, AtomicInteger> admittedIn = new ConcurrentHashMap<>();
        List<String> refusals = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String ns = tenantNamespaces.get(i % 2);
            String name = "pod-" + i;
            futures.add(pool.submit(() -> {
                start.await();
                try {
                    client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(name).endMetadata()
                            .withNewSpec().addNewContainer().withName("c").withImage(IMAGE).endContainer().endSpec().build()).create();
                    admitted.incrementAndGet();
                    admittedIn.computeIfAbsent(ns, k -> new AtomicInteger()).incrementAndGet();
                } catch (KubernetesClientException e) {
                    refusals.add(e.getCode() + " " + e.getMessage());
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        System.out.printf("[budget] admitted %d of 12 (%s); refusals: %s%n", admitted.get(), admittedIn, refusals);

        assertThat(admitted.get()).as("pods admitted against a budget of 10").isLessThanOrEqualTo(10).isPositive();
        assertThat(admitted.get() + refusals.size()).isEqualTo(12);
        assertThat(refusals).as("every refusal is the quota's (exceeded, or a conflict on the quota's usage)")
                .allSatisfy(r -> assertThat(r).containsAnyOf("exceeded quota: " + PackRenderer.QUOTA_NAME, "Operation cannot be fulfilled"));
        long live = 0;
        for (String ns : tenantNamespaces) {
            int inNs = client.pods().inNamespace(ns).list().getItems().size();
            assertThat((long) inNs).as("pods in %s against its share", ns).isLessThanOrEqualTo(shareOf.get(ns));
            assertThat(inNs).isEqualTo(admittedIn.getOrDefault(ns, new AtomicInteger()).get());
            live += inNs;
        }
        assertThat(live).as("pods that exist across the tenant's namespaces").isEqualTo(admitted.get()).isLessThanOrEqualTo(10);
    }
}
