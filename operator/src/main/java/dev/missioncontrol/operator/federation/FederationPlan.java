package dev.missioncontrol.operator.federation;

import dev.missioncontrol.core.json.RenderedJson;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.operator.api.v1alpha1.BlendDecision;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.api.v1alpha1.SourceCounts;
import dev.missioncontrol.operator.api.v1alpha1.FederationCohortStatus;
import dev.missioncontrol.operator.api.v1alpha1.SourceLicenseStatus;
import dev.missioncontrol.operator.federation.license.LicenseClauseDecision;
import dev.missioncontrol.operator.federation.license.LicenseTextCheck;
import dev.missioncontrol.operator.federation.license.LicenseClauseDecision.SourceDecision;
import java.util.List;
import java.util.Optional;

/**
 * The federation plan: what the gateway is configured with (plan.json: mode, enabled tenants, and only
 * the sources it may query) and the audit of every source's license decision (sources.json, blocked
 * sources included, without endpoints).
 */
public record FederationPlan(Gateway gateway, List<SourceDecision> decisions, List<SourceLicenseStatus> licenses) {

    public static final String FILE_NAME = "plan.json";
    public static final String SOURCES_FILE_NAME = "sources.json";

    private static final ObjectMapper JSON = RenderedJson.indented();

    @JsonPropertyOrder({"cohort", "mode", "tenants", "enabledTenants", "primaryIndex", "indexes"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Gateway(String cohort, String mode, List<String> tenants, List<String> enabledTenants,
            String primaryIndex, List<Index> indexes) {
    }

    @JsonPropertyOrder({"name", "endpoint", "decision", "attribution", "license"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Index(String name, String endpoint, BlendDecision decision, boolean attribution, String license) {
    }

    /** The plan the cohort's status says: its rollout state and the license text checks it recorded. */
    public static FederationPlan of(FederationCohort cohort) {
        var status = Optional.ofNullable(cohort.getStatus());
        return of(cohort, status, status.map(FederationCohortStatus::getLicenses).orElse(List.of()));
    }

    /** The plan from the rollout state in {@code status} and the license text checks given (one per index with a license). */
    public static FederationPlan of(FederationCohort cohort, Optional<FederationCohortStatus> status, List<SourceLicenseStatus> licenses) {
        var spec = cohort.getSpec();
        var checks = licenses == null ? List.<SourceLicenseStatus>of() : List.copyOf(licenses);
        List<SourceDecision> decisions = spec.getSearch().getIndexes().stream()
                .map(i -> LicenseTextCheck.apply(LicenseClauseDecision.decide(i, spec.getSearch().getLicensePolicy()),
                        checks.stream().filter(c -> c.index().equals(i.getName())).findFirst(),
                        spec.getSearch().licenseDriftPolicy()))
                .toList();
        var indexes = spec.getSearch().getIndexes();
        List<Index> allowed = java.util.stream.IntStream.range(0, indexes.size())
                .filter(n -> decisions.get(n).decision() != BlendDecision.Block)
                .mapToObj(n -> new Index(indexes.get(n).getName(), indexes.get(n).getEndpoint(),
                        decisions.get(n).decision(), decisions.get(n).attribution(), decisions.get(n).spdx()))
                // Demoted sources go last so the gateway ranks them below every blended source (stable sort).
                .sorted(java.util.Comparator.comparing(Index::decision))
                .toList();
        String mode = status.map(s -> s.getMode()).orElse("single-index");
        List<String> enabled = status.map(s -> s.getEnabledTenants()).map(List::copyOf).orElse(List.of());
        String primary = allowed.isEmpty() ? null : allowed.get(0).name();
        return new FederationPlan(new Gateway(cohort.getMetadata().getName(), mode, List.copyOf(spec.getTenants()),
                enabled, primary, allowed), decisions, checks);
    }

    public SourceCounts counts() {
        int blended = (int) decisions.stream().filter(d -> d.decision() == BlendDecision.Blend).count();
        int demoted = (int) decisions.stream().filter(d -> d.decision() == BlendDecision.Demote).count();
        return new SourceCounts(blended, demoted, decisions.size() - blended - demoted);
    }

    public String gatewayJson() {
        return write(gateway);
    }

    /** sha256 (hex) of {@link #gatewayJson()}: the subject of the cohort's plan statement. */
    public String gatewaySha256() {
        return dev.missioncontrol.core.audit.CanonicalJson.sha256Hex(gatewayJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public String sourcesJson() {
        return write(decisions);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("federation plan is not serialisable", e);
        }
    }
}
