package dev.missioncontrol.operator.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.missioncontrol.core.audit.CanonicalJson;
import dev.missioncontrol.core.audit.KeyRing;
import dev.missioncontrol.core.license.LicenseTextNormalization;
import dev.missioncontrol.core.provenance.PlanStatement;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.IndexSpec;
import dev.missioncontrol.operator.api.v1alpha1.LicensePin;
import dev.missioncontrol.operator.api.v1alpha1.LicenseRegistry;
import dev.missioncontrol.operator.api.v1alpha1.LicenseRegistrySpec;
import dev.missioncontrol.operator.api.v1alpha1.LicenseSpec;
import dev.missioncontrol.operator.api.v1alpha1.LicenseTextRef;
import dev.missioncontrol.operator.federation.provenance.PlanChain;
import dev.missioncontrol.operator.signing.SigningKeys;
import dev.missioncontrol.operator.status.Conditions;
import dev.missioncontrol.operator.testing.Edits;
import dev.missioncontrol.operator.testing.FederationCohorts;
import dev.missioncontrol.operator.testing.LocalCluster;
import dev.missioncontrol.operator.testing.LocalClusterResource;
import dev.missioncontrol.operator.testing.MarketplaceSources;
import dev.missioncontrol.operator.testing.ProcessRunner;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pinned license texts and the signed plan chain against the real API server: three sources (blended, demoted by
 * no-derivatives, blocked by no-blending) give a chain entry that verifies with securesystemslib; one changed word in a
 * pinned text is LicenseDrift within one reconciliation, applies the policy, appends to the chain, and re-pinning clears
 * it; an unreadable text is LicenseTextMissing; the chain continues without a fork when status is lost.
 */
@Tag("integration")
@QuarkusTest
@QuarkusTestResource(LocalClusterResource.class)
class FederationProvenanceIntegrationTest {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final String MIT = """
            Copyright (c) 2026 Example Partner

            Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
            documentation files (the "Software"), to deal in the Software without restriction.
            """;
    static KubernetesClient client;
    static String namespace;

    @BeforeAll
    static void setUp() {
        client = LocalCluster.client();
        namespace = LocalCluster.createNamespace(client, "mc-prov");
    }

    @AfterAll
    static void tearDown() {
        LocalCluster.release(client, namespace);
    }

    static final String CC_BY_ND = """
            Creative Commons Attribution-NoDerivatives 4.0 International (CC BY-ND 4.0).
            You may share the material for any purpose, provided you give appropriate credit; you may not distribute modified material.
            """;

    static String pin(String text) {
        return LicenseTextNormalization.hashes(text).normalizedSha256();
    }

    static IndexSpec index(String name, String spdx, List<String> clauses) {
        var index = new IndexSpec(name, "https://" + name + ".example.com/search");
        index.setLicense(new LicenseSpec(spdx, clauses));
        return index;
    }

    /** products: MIT pinned by the registry (blended); docs: no-derivatives (demoted); partner: no-blending (blocked). */
    static FederationCohort threeSources(String name, String textConfigMap) {
        var cohort = FederationCohorts.cohort(namespace, name, List.of("acme"));
        var products = index("products", "MIT", List.of("attribution-required"));
        products.getLicense().setListVersion("3.22");
        products.getLicense().setTextRef(new LicenseTextRef(LicenseTextRef.Kind.ConfigMap, textConfigMap, "LICENSE"));
        cohort.getSpec().getSearch().setIndexes(new ArrayList<>(List.of(products, index("docs", "CC-BY-ND-4.0", List.of("no-derivatives")),
                index("partner", "LicenseRef-partner", List.of("no-blending")))));
        return cohort;
    }

    static LicenseRegistry registry(String name, String sha) {
        var registry = new LicenseRegistry();
        registry.getMetadata().setName(name);
        registry.getMetadata().setNamespace(namespace);
        var spec = new LicenseRegistrySpec();
        spec.setPins(new ArrayList<>(List.of(new LicensePin("MIT", "3.22", sha))));
        registry.setSpec(spec);
        return registry;
    }

    FederationCohort get(String name) {
        return client.resources(FederationCohort.class).inNamespace(namespace).withName(name).get();
    }

    String condition(String name, String type) {
        var c = get(name);
        return c == null || c.getStatus() == null ? null : Conditions.find(c.getStatus().getConditions(), type)
                .map(x -> x.getStatus() + "/" + x.getReason()).orElse(null);
    }

    long count(String name) {
        var c = get(name);
        return c == null || c.getStatus() == null || c.getStatus().getProvenance() == null ? 0 : c.getStatus().getProvenance().count();
    }

    ConfigMap entry(String cohort, long seq) {
        return client.configMaps().inNamespace(namespace).withName(cohort + "-plan-" + seq).get();
    }

    JsonNode statement(ConfigMap entry) {
        var envelope = PlanStatement.envelope(entry.getData().get(PlanChain.ENVELOPE_KEY)).orElseThrow();
        return PlanStatement.statement(envelope).orElseThrow();
    }

    String decision(JsonNode statement, String index) {
        for (JsonNode s : statement.at("/predicate/sources")) {
            if (s.path("index").asText().equals(index)) {
                return s.path("decision").asText() + "/" + s.path("decidingClause").asText("-");
            }
        }
        return null;
    }

    /** The chain's length once the cohort stopped changing (status at its generation, no new entry for two seconds). */
    long settled(String name) throws InterruptedException {
        long seen = -1;
        while (true) {
            var c = get(name);
            long now = count(name);
            if (now == seen && c.getStatus().getObservedGeneration().equals(c.getMetadata().getGeneration())) {
                return now;
            }
            seen = now;
            Thread.sleep(2000);
        }
    }

    /** Every entry 1..n: immutable, its subject the sha256 of its plan.json, its previous the digest of the one before. */
    void assertLinearChain(String cohort, long n) {
        String previous = PlanStatement.GENESIS;
        for (long seq = 1; seq <= n; seq++) {
            ConfigMap cm = entry(cohort, seq);
            assertThat(cm).as("entry " + seq).isNotNull();
            assertThat(cm.getImmutable()).isTrue();
            assertThat(cm.getMetadata().getLabels()).containsEntry(PlanChain.PROVENANCE_SEQ, Long.toString(seq));
            JsonNode st = statement(cm);
            assertThat(PlanStatement.planSha256(st)).contains(CanonicalJson.sha256Hex(cm.getData().get(PlanChain.PLAN_KEY)
                    .getBytes(StandardCharsets.UTF_8)));
            assertThat(st.at("/predicate/previous").asText()).as("entry " + seq + " previous").isEqualTo(previous);
            previous = PlanStatement.envelopeDigest(PlanStatement.envelope(cm.getData().get(PlanChain.ENVELOPE_KEY)).orElseThrow());
        }
        assertThat(entry(cohort, n + 1)).as("no entry past the head").isNull();
        assertThat(get(cohort).getStatus().getProvenance().headDigest()).isEqualTo(previous);
    }

    @Test
    void threeSourcesDriftRepinAndRestart(@TempDir Path dir) throws Exception {
        MarketplaceSources.licenseText(client, namespace, "mit-text", MIT);
        client.resource(registry("licenses", pin(MIT))).create();
        // docs pins its own text (textSha256 on the index), so that both exportable sources are Verified.
        MarketplaceSources.licenseText(client, namespace, "cc-by-nd-text", CC_BY_ND);
        var three = threeSources("three", "mit-text");
        var docsLicense = three.getSpec().getSearch().getIndexes().get(1).getLicense();
        docsLicense.setTextRef(new LicenseTextRef(LicenseTextRef.Kind.ConfigMap, "cc-by-nd-text", "LICENSE"));
        docsLicense.setTextSha256(pin(CC_BY_ND));
        client.resource(three).create();

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(condition("three", "LicenseVerified")).isEqualTo("True/LicenseTextsVerified");
            assertThat(count("three")).isGreaterThanOrEqualTo(1);
        });
        long first = settled("three");
        ConfigMap head = entry("three", first);
        JsonNode st = statement(head);
        assertThat(decision(st, "products")).isEqualTo("Blend/attribution-required");
        assertThat(decision(st, "docs")).isEqualTo("Demote/no-derivatives");
        assertThat(decision(st, "partner")).isEqualTo("Block/no-blending");
        assertThat(st.at("/predicate/sources/0/textSha256").asText()).isEqualTo(pin(MIT));
        assertThat(st.at("/predicate/sources/0/licenseState").asText()).isEqualTo("Verified");
        assertThat(head.getData().get(PlanChain.PLAN_KEY)).contains("products", "docs").doesNotContain("partner.example.com");
        assertLinearChain("three", first);

        // Verifies under the operator namespace's published key: by the core verifier and by securesystemslib.
        String purpose = SigningKeys.purposeFor(PlanChain.PURPOSE_PREFIX, namespace, "three");
        String ringJson = client.configMaps().inNamespace(LocalCluster.OPERATOR_NAMESPACE).withName(KeyRing.PUBLIC_KEYS_CONFIGMAP).get()
                .getData().get(KeyRing.dataKey(purpose));
        assertThat(KeyRing.parse(ringJson).verifies(PlanStatement.envelope(head.getData().get(PlanChain.ENVELOPE_KEY)).orElseThrow())).isTrue();
        Path envelopeFile = dir.resolve("envelope.json");
        Path ringFile = dir.resolve("ring.json");
        Files.writeString(envelopeFile, head.getData().get(PlanChain.ENVELOPE_KEY));
        Files.writeString(ringFile, ringJson);
        var python = ProcessRunner.python(ProcessRunner.VERIFY_DSSE, "--envelope", envelopeFile.toString(), ringFile.toString());
        System.out.printf("[provenance] securesystemslib:%n%s", python.output());
        assertThat(python.code()).as(python.output()).isZero();
        assertThat(python.stdout()).contains("products=Blend", "docs=Demote", "partner=Block");

        // Issue 14, test 1 end to end: a gateway stitches an export under the chain the operator wrote (read back with
        // `mcctl provenance plan`), and both verifiers accept it: blocked items absent and logged with the clause,
        // demoted items after blended ones.
        stitchesAndVerifiesAnExport(dir, "three", ringFile);

        // One changed word: LicenseDrift, the policy (Block) applied, a new chain entry naming the clause, one Event.
        String changed = MIT.replace("free of charge", "free of fees");
        MarketplaceSources.licenseText(client, namespace, "mit-text", changed);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(condition("three", "LicenseDrift")).isEqualTo("True/LicenseDrift");
            assertThat(count("three")).isEqualTo(first + 1);
        });
        var drifted = get("three");
        String message = Conditions.find(drifted.getStatus().getConditions(), "LicenseDrift").orElseThrow().getMessage();
        assertThat(message).contains("products", pin(MIT), pin(changed), "Policy Block", "LicenseRegistry pin {spdxId: MIT, listVersion: 3.22}");
        System.out.printf("[provenance] LicenseDrift: %s%n", message);
        assertThat(drifted.getStatus().getSources().blocked()).isEqualTo(2);
        JsonNode afterDrift = statement(entry("three", first + 1));
        assertThat(decision(afterDrift, "products")).isEqualTo("Block/LicenseDrift");
        assertThat(afterDrift.at("/predicate/sources/0/licenseState").asText()).isEqualTo("Drift");
        assertThat(entry("three", first + 1).getData().get(PlanChain.PLAN_KEY)).doesNotContain("products.example.com");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                .filteredOn(e -> "three".equals(e.getInvolvedObject().getName()) && "LicenseDrift".equals(e.getReason())).hasSize(1));

        // Re-pinning clears it, and the blended plan is attested again.
        Edits.edit(client.resources(LicenseRegistry.class).inNamespace(namespace).withName("licenses"), r -> {
            r.getSpec().getPins().get(0).setSha256(pin(changed));
            return r;
        });
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(condition("three", "LicenseDrift")).isEqualTo("False/NoDrift");
            assertThat(count("three")).isEqualTo(first + 2);
        });
        assertThat(decision(statement(entry("three", first + 2)), "products")).isEqualTo("Blend/attribution-required");
        assertLinearChain("three", first + 2);

        // Status lost (as after a restore, or an operator that starts from nothing): the head is found again from the
        // ConfigMaps, without a new entry for the same plan; the next plan change continues the same chain.
        client.resources(FederationCohort.class).inNamespace(namespace).withName("three").subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"provenance\":null}}");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(count("three")).isEqualTo(first + 2));
        assertThat(entry("three", first + 3)).isNull();
        Edits.edit(client.resources(FederationCohort.class).inNamespace(namespace).withName("three"), c -> {
            c.getSpec().getTenants().add("globex");
            return c;
        });
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(get("three").getStatus().getEnabledTenants()).contains("globex");
            assertThat(count("three")).isGreaterThan(first + 2);
        });
        assertLinearChain("three", settled("three"));
        assertThat(condition("three", "ProvenanceRecorded")).isEqualTo("True/PlanAttested");
    }

    void stitchesAndVerifiesAnExport(Path dir, String cohort, Path planRing) throws Exception {
        Path chain = dir.resolve("chain.jsonl");
        var plan = ProcessRunner.mcctl("provenance", "plan", "-n", namespace, cohort, "-o", chain.toString());
        assertThat(plan.code()).as(plan.output()).isZero();
        var gateway = dev.missioncontrol.core.audit.Ed25519Keys.generate();
        Path key = dir.resolve("gateway.key");
        Files.writeString(key, dev.missioncontrol.core.audit.Ed25519Keys.privatePem(gateway.getPrivate()));
        Path gatewayRing = dir.resolve("gateway-ring.json");
        Files.writeString(gatewayRing, KeyRing.of("gateway", gateway.getPublic(), "2026-12-01T00:00:00Z").toJson());
        List<String> args = new ArrayList<>(List.of("provenance", "stitch", "--plan", chain.toString(), "--key", key.toString(),
                "--key-id", dev.missioncontrol.core.audit.Ed25519Keys.keyId(gateway.getPublic()), "-o", dir.resolve("bundle").toString()));
        for (String source : List.of("products", "docs", "partner")) {
            Path results = dir.resolve(source + ".jsonl");
            Files.writeString(results, """
                    {"id": "%1$s-1", "rank": 1, "score": 9.5, "source": "%1$s", "fields": {"title": "first of %1$s"}}
                    {"id": "%1$s-2", "rank": 2, "score": 3.0, "source": "%1$s", "fields": {"title": "second of %1$s"}}
                    """.formatted(source));
            args.addAll(List.of("--result", results.toString()));
        }
        var stitch = ProcessRunner.mcctl(args.toArray(String[]::new));
        System.out.printf("[provenance] stitch of the operator's chain:%n%s", stitch.output());
        assertThat(stitch.code()).as(stitch.output()).isZero();
        List<String> exported = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("bundle").resolve(dev.missioncontrol.core.provenance.ProvenanceBundle.EXPORT))) {
            if (!line.isBlank()) {
                exported.add(CanonicalJson.MAPPER.readTree(line).path("id").asText());
            }
        }
        assertThat(exported).as("blended first, then demoted; the blocked source's items absent")
                .containsExactly("products-1", "products-2", "docs-1", "docs-2");
        // --plan-head: the cohort's status names the very statement the export was stitched under
        String head = get(cohort).getStatus().getProvenance().headDigest();
        var verify = ProcessRunner.mcctl("provenance", "verify", dir.resolve("bundle").toString(), "--trust-plan", planRing.toString(),
                "--trust", gatewayRing.toString(), "--plan-head", head);
        assertThat(verify.code()).as(verify.output()).isZero();
        var independent = ProcessRunner.python(Path.of("..", "hack", "verify-provenance.py"), dir.resolve("bundle").toString(),
                "--plan-ring", planRing.toString(), gatewayRing.toString(), "--plan-head", head);
        assertThat(independent.code()).as(independent.output()).isZero();
    }

    @Test
    void anUnreadableTextIsLicenseTextMissingAndItsSourceBlocked() {
        client.resource(threeSources("missing", "no-such-text")).create();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(condition("missing", "LicenseVerified")).isEqualTo("False/LicenseTextMissing");
            assertThat(count("missing")).isGreaterThanOrEqualTo(1);
        });
        var cohort = get("missing");
        assertThat(Conditions.find(cohort.getStatus().getConditions(), "LicenseVerified").orElseThrow().getMessage())
                .contains("ConfigMap no-such-text (key LICENSE) was not found", "blocked");
        assertThat(cohort.getStatus().getSources().blocked()).isEqualTo(2);
        assertThat(decision(statement(entry("missing", count("missing"))), "products")).isEqualTo("Block/LicenseTextMissing");
    }
}
