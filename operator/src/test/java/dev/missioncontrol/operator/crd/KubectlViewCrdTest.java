package dev.missioncontrol.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.operator.api.v1alpha1.ConnectPhase;
import dev.missioncontrol.operator.api.v1alpha1.ConnectRequest;
import dev.missioncontrol.operator.api.v1alpha1.ConnectRequestStatus;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohortStatus;
import dev.missioncontrol.operator.api.v1alpha1.KindStatus;
import dev.missioncontrol.operator.api.v1alpha1.MarketplaceSource;
import dev.missioncontrol.operator.api.v1alpha1.MarketplaceSourceStatus;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.api.v1alpha1.MeteringRotationStatus;
import dev.missioncontrol.operator.api.v1alpha1.PredictivePhase;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRollout;
import dev.missioncontrol.operator.api.v1alpha1.PredictiveRolloutStatus;
import dev.missioncontrol.operator.api.v1alpha1.RolloutPhase;
import dev.missioncontrol.operator.api.v1alpha1.SearchSLO;
import dev.missioncontrol.operator.api.v1alpha1.SearchSLOStatus;
import dev.missioncontrol.operator.testing.Actors;
import dev.missioncontrol.operator.testing.ApiServerCrdTest;
import dev.missioncontrol.operator.testing.CacheWarmExperiments;
import dev.missioncontrol.operator.testing.ConnectRequests;
import dev.missioncontrol.operator.testing.FederationCohorts;
import dev.missioncontrol.operator.testing.MarketplaceSources;
import dev.missioncontrol.operator.testing.MeteringRotations;
import dev.missioncontrol.operator.testing.PredictiveRollouts;
import dev.missioncontrol.operator.testing.SearchSLOs;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What kubectl shows of each kind, as the API server serves it: the columns of `kubectl get` (the Table API, which is what
 * kubectl prints) in the order NAME, READY, the kind's main fields, AGE last, with REASON and MESSAGE (and for
 * MeteringRotation its WINDOW) only in `-o wide`;
 * 1-based progress and readable badges in the cells; every kind in the `missioncontrol` category (discovery, which
 * `kubectl get missioncontrol` reads), its short name kept; and the kind's description in the served OpenAPI, which
 * `kubectl explain` prints. The cells checked are those the spec fills: in `make test` the operator of an earlier
 * integration test may run in this JVM and rewrite any status written here, so the status columns are checked by the
 * JSONPath the served CRD gives them (their values, such as "3/3", are the aggregators' unit tests').
 */
@Tag("apiserver")
class KubectlViewCrdTest extends ApiServerCrdTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String GROUP_VERSION = FederationCohort.GROUP + "/" + FederationCohort.VERSION;
    static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io";
    static final List<String> WIDE = List.of("Reason", "Message");

    /** Plural, short name and the columns of `kubectl get` (without -o wide) of each kind. */
    static final Map<String, Kind> KINDS = Map.ofEntries(
            Map.entry("FederationCohort", new Kind("federationcohorts", "fc", List.of("Name", "Ready", "Phase", "Step", "Enabled", "Tenants", "Age"))),
            Map.entry("PredictiveRollout", new Kind("predictiverollouts", "pr", List.of("Name", "Ready", "Phase", "Decision", "Wave", "Rollbacks", "Age"))),
            Map.entry("MarketplaceSource", new Kind("marketplacesources", "msrc", List.of("Name", "Ready", "Live", "Provider", "Badges", "Age"))),
            Map.entry("ConnectRequest", new Kind("connectrequests", "creq", List.of("Name", "Ready", "Phase", "Source", "Tenant", "Age"))),
            Map.entry("MeteringRotation", new Kind("meteringrotations", "mr", List.of("Name", "Ready", "Exported", "Late", "Drift", "Age"),
                    List.of("Window", "Reason", "Message"))),
            Map.entry("SearchSLO", new Kind("searchslos", "slo", List.of("Name", "Ready", "Service", "Objective", "Budget left", "Age"))),
            Map.entry("ExplanationExport", new Kind("explanationexports", "xaiexport", List.of("Name", "Ready", "Coverage", "Ledger", "Banners", "Age"))),
            Map.entry("CacheWarmExperiment", new Kind("cachewarmexperiments", "cwe", List.of("Name", "Ready", "Decision", "Winner", "Age"))),
            Map.entry("AccessReview", new Kind("accessreviews", "ar", List.of("Name", "Ready", "Run", "Rows", "Gaps", "Age"))),
            Map.entry("AccessReviewSignOff", new Kind("accessreviewsignoffs", "arso", List.of("Name", "Ready", "Review", "Run", "Reviewer", "Age"))),
            Map.entry("LicenseRegistry", new Kind("licenseregistries", "lreg", List.of("Name", "Ready", "Pins", "Age"))),
            Map.entry("OnboardingPack", new Kind("onboardingpacks", "opack", List.of("Name", "Ready", "Version", "Tenants", "Age"))),
            Map.entry("TenantOnboarding", new Kind("tenantonboardings", "tonb", List.of("Name", "Ready", "Phase", "Pack", "Blocks", "Age"))));

    record Kind(String plural, String shortName, List<String> columns, List<String> wide) {
        Kind(String plural, String shortName, List<String> columns) {
            this(plural, shortName, columns, WIDE);
        }
    }

    @Test
    void everyKindIsInTheMissionControlCategoryWithItsShortName() throws Exception {
        JsonNode resources = get("/apis/" + GROUP_VERSION, "application/json").path("resources");
        List<String> seen = new ArrayList<>();
        for (JsonNode r : resources) {
            if (r.path("name").asText().contains("/")) {
                continue; // subresources (status)
            }
            String kind = r.path("kind").asText();
            seen.add(kind);
            assertThat(KINDS).as("kinds of " + GROUP_VERSION).containsKey(kind);
            assertThat(r.path("name").asText()).isEqualTo(KINDS.get(kind).plural());
            assertThat(texts(r.path("categories"))).as(kind + " categories").containsExactly(FederationCohort.CATEGORY);
            assertThat(texts(r.path("shortNames"))).as(kind + " short names").containsExactly(KINDS.get(kind).shortName());
        }
        assertThat(seen).as("kinds served in " + GROUP_VERSION).containsExactlyInAnyOrderElementsOf(KINDS.keySet());
    }

    @Test
    void kubectlExplainHasADescriptionForEveryKind() throws Exception {
        JsonNode schemas = get("/openapi/v3/apis/" + GROUP_VERSION, "application/json").path("components").path("schemas");
        for (String kind : KINDS.keySet()) {
            JsonNode schema = schemas.path("dev.missioncontrol.v1alpha1." + kind);
            assertThat(schema.isObject()).as("served OpenAPI schema of " + kind).isTrue();
            assertThat(schema.path("description").asText()).as(kind + " description (kubectl explain " + kind + ")").hasSizeGreaterThan(40);
            for (String field : List.of("spec", "status")) {
                assertThat(schema.at("/properties/" + field + "/description").asText()).as(kind + "." + field + " description")
                        .hasSizeGreaterThan(20);
            }
        }
    }

    @Test
    void federationCohortShowsItsStepCountedFromOne() throws Exception {
        client.resource(FederationCohorts.cohort(namespace, "promoted", List.of("acme", "globex", "initech", "umbrella")))
                .create();
        assertRow("FederationCohort", "promoted", null, null, null, null, null);
        assertColumnPath("federationcohorts", "Step", ".status.stepProgress");
    }

    @Test
    void predictiveRolloutShowsItsWaveCountedFromOne() throws Exception {
        Actors.reviewer().resource(PredictiveRollouts.go(namespace, "finished", "http://127.0.0.1:9", "1m",
                List.of(List.of("acme"), List.of("globex"), List.of("initech")))).create();
        assertRow("PredictiveRollout", "finished", null, null, "go", null, null);
        assertColumnPath("predictiverollouts", "Wave", ".status.waveProgress");
    }

    @Test
    void marketplaceSourceShowsItsBadgesAsAReadableList() throws Exception {
        client.resource(MarketplaceSources.source(namespace, "weather", "weather-license", MarketplaceSources.TERMS,
                Instant.now().plus(30, ChronoUnit.DAYS))).create();
        assertRow("MarketplaceSource", "weather", null, null, "Provider of weather");
        assertColumnPath("marketplacesources", "Badges", ".status.badgeSummary");
    }

    @Test
    void connectRequestShowsItsPhase() throws Exception {
        ConnectRequests.create(ConnectRequests.request(namespace, "acme-weather", "weather", "acme", null));
        assertRow("ConnectRequest", "acme-weather", null, null, "weather", "acme");
    }

    @Test
    void meteringRotationShowsWhatItExportedAndItsAlarms() throws Exception {
        client.resource(MeteringRotations.rotation(namespace, "usage", List.of("acme"), "http://127.0.0.1:9", "1h",
                Instant.parse("2026-11-30T00:00:00Z"), "2h")).create();
        assertRow("MeteringRotation", "usage", null, null, null, null);
        assertColumnPath("meteringrotations", "Exported", ".status.exportedThrough");
    }

    @Test
    void searchSloShowsItsObjectiveAndBudget() throws Exception {
        client.resource(SearchSLOs.availability(namespace, "availability")).create();
        assertRow("SearchSLO", "availability", null, "federated-search", 99.9, null);
        assertColumnPath("searchslos", "Budget left", ".status.errorBudgetRemaining");
    }

    @Test
    void explanationExportShowsItsCoverageLedgerAndBannerConditions() throws Exception {
        client.resource(dev.missioncontrol.operator.testing.ExplanationExports.basic(namespace, "explanations",
                "http://127.0.0.1:9/v1/explanations")).create();
        assertRow("ExplanationExport", "explanations", null, null, null, null);
        assertColumnPath("explanationexports", "Coverage", ".status.conditions[?(@.type==\"CoverageMet\")].status");
        assertColumnPath("explanationexports", "Banners", ".status.conditions[?(@.type==\"BannersAccessible\")].status");
    }

    @Test
    void cacheWarmExperimentShowsItsDecisionAndWinner() throws Exception {
        client.resource(CacheWarmExperiments.topKAgainstControl(namespace, "warmers", List.of("acme", "globex"), "http://127.0.0.1:9",
                "http://127.0.0.1:9/search")).create();
        assertRow("CacheWarmExperiment", "warmers", null, null, null);
        assertColumnPath("cachewarmexperiments", "Decision", ".status.decision");
        assertColumnPath("cachewarmexperiments", "Winner", ".status.winner");
    }

    @Test
    void accessReviewShowsItsRunRowsAndGaps() throws Exception {
        var review = new dev.missioncontrol.operator.api.v1alpha1.AccessReview();
        review.getMetadata().setNamespace(namespace);
        review.getMetadata().setName("quarterly");
        review.setSpec(new dev.missioncontrol.operator.api.v1alpha1.AccessReviewSpec());
        review.getSpec().setReviewers(List.of("rita@governance.example"));
        client.resource(review).create();
        assertRow("AccessReview", "quarterly", null, null, null, null);
        assertColumnPath("accessreviews", "Run", ".status.run.id");
        assertColumnPath("accessreviews", "Gaps", ".status.gapCount");
    }

    /**
     * Reads the kind's Table (what `kubectl get` prints): the columns are the kind's, in order, then Reason and Message at
     * priority 1 (`-o wide`), then Age; the named row's cells up to the kind's fields are {@code expected} (after NAME),
     * Reason and Message come from the Ready condition, Age is a duration. Returns the row's cells.
     */
    private JsonNode assertRow(String kind, String name, Object... expected) throws Exception {
        Kind k = KINDS.get(kind);
        JsonNode table = get("/apis/" + GROUP_VERSION + "/namespaces/" + namespace + "/" + k.plural(), TABLE);
        assertThat(table.path("kind").asText()).isEqualTo("Table");
        List<String> names = new ArrayList<>();
        List<String> defaultView = new ArrayList<>();
        for (JsonNode c : table.path("columnDefinitions")) {
            names.add(c.path("name").asText());
            if (c.path("priority").asInt() == 0) {
                defaultView.add(c.path("name").asText());
            }
        }
        assertThat(defaultView).as("kubectl get " + k.plural() + " columns").containsExactlyElementsOf(k.columns());
        List<String> wide = new ArrayList<>(k.columns().subList(0, k.columns().size() - 1));
        wide.addAll(k.wide());
        wide.add("Age");
        assertThat(names).as("kubectl get " + k.plural() + " -o wide columns").containsExactlyElementsOf(wide);

        JsonNode row = null;
        for (JsonNode r : table.path("rows")) {
            if (r.path("cells").get(0).asText().equals(name)) {
                row = r;
            }
        }
        assertThat(row).as(kind + " " + name + " in the table").isNotNull();
        JsonNode cells = row.path("cells");
        System.out.printf("[apiserver] kubectl get %s -o wide: %s%n       %s%n", k.plural(), names, cells);
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] == null) {
                continue; // a status cell: see the class comment
            }
            JsonNode cell = cells.get(i + 1);
            String column = names.get(i + 1);
            if (expected[i] instanceof Number n) {
                assertThat(cell.asDouble()).as(column).isEqualTo(n.doubleValue());
            } else {
                assertThat(cell.asText()).as(column).isEqualTo(expected[i]);
            }
        }
        assertThat(cells.get(names.size() - 1).asText()).as("Age").matches("\\d+[smhd].*");
        return cells;
    }

    /** The served CRD's printer column {@code column} reads {@code jsonPath}, and the Ready column reads the Ready condition. */
    private void assertColumnPath(String plural, String column, String jsonPath) throws Exception {
        JsonNode crd = get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + plural + "." + FederationCohort.GROUP,
                "application/json");
        Map<String, String> paths = new java.util.LinkedHashMap<>();
        for (JsonNode c : crd.at("/spec/versions/0/additionalPrinterColumns")) {
            paths.put(c.path("name").asText(), c.path("jsonPath").asText());
        }
        assertThat(paths).as(plural + " printer columns").containsEntry(column, jsonPath)
                .containsEntry("Ready", ".status.conditions[?(@.type==\"Ready\")].status")
                .containsEntry("Reason", ".status.conditions[?(@.type==\"Ready\")].reason")
                .containsEntry("Message", ".status.conditions[?(@.type==\"Ready\")].message");
    }



    /** A GET on the API server with the given Accept header, through the Fabric8 client's authenticated HTTP client. */
    private JsonNode get(String path, String accept) throws Exception {
        String base = client.getConfiguration().getMasterUrl().replaceAll("/$", "");
        HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(base + path).header("Accept", accept).build();
        HttpResponse<String> response = client.getHttpClient().sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
        assertThat(response.code()).as("GET " + path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
