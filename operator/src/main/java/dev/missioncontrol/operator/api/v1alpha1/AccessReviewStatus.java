package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("The latest run (counts, signed Statement digest, sign-off deadline), the walk's discrepancies with the authorizer, the rows still undecided after the window (gaps), the revoke decisions for owners to act on, and the conditions.")
public class AccessReviewStatus extends KindStatus {

    public record Run(
            @JsonPropertyDescription("The run id (the export's --run, yyyyMMdd-HHmmss in UTC).")
            String id,
            @JsonPropertyDescription("When the run was exported (RFC 3339, UTC).")
            String exportedAt,
            @JsonPropertyDescription("When its sign-off window ends (RFC 3339, UTC): exportedAt plus spec.signOffWindow.")
            String signOffDeadline,
            @JsonPropertyDescription("True while the sign-off window is open: the admission policy admits sign-offs for this run only then.")
            Boolean open,
            @JsonPropertyDescription("Rows in the matrix (0 or more).")
            Long rows,
            @JsonPropertyDescription("Rows carrying at least one risk rule id.")
            Long riskyRows,
            @JsonPropertyDescription("Rows of stale bindings (roleRef or ServiceAccount missing).")
            Long staleRows,
            @JsonPropertyDescription("Rows new since the previous signed run (0 for the first run).")
            Long newRows,
            @JsonPropertyDescription("Rows of the previous signed run that are gone.")
            Long removedRows,
            @JsonPropertyDescription("Rows with a decision from a recorded sign-off.")
            Long decided,
            @JsonPropertyDescription("SHA-256 (hex) of the signed DSSE envelope (statement.dsse.json) of the run.")
            String statementSha256,
            @JsonPropertyDescription("The ConfigMap in the operator's namespace holding the run's index (and its files when they fit).")
            String index) {
    }

    public record Discrepancy(
            @JsonPropertyDescription("WalkedNotAllowed (the walk found the row, the authorizer denies it) or AllowedNotWalked (an extra subject "
                    + "the authorizer allows what the walk did not list).")
            String type,
            @JsonPropertyDescription("Row id (16 hex characters).")
            String row,
            @JsonPropertyDescription("Kind:name of the subject (Kind:namespace/name for a ServiceAccount).")
            String subject,
            @JsonPropertyDescription("The verb.")
            String verb,
            @JsonPropertyDescription("group/resource[/subresource], core for the core group.")
            String resource,
            @JsonPropertyDescription("The namespace.")
            String namespace) {
    }

    public record Gap(
            @JsonPropertyDescription("Row id (16 hex characters) without a decision when the sign-off window ended.")
            String row,
            @JsonPropertyDescription("Who must act: the namespace whose binding grants the row (\"cluster\" for a ClusterRoleBinding's stale row).")
            String owner,
            @JsonPropertyDescription("subject verb group/resource, for people.")
            String access,
            @JsonPropertyDescription("When the row became a gap: the end of the sign-off window (RFC 3339, UTC).")
            String since,
            @JsonPropertyDescription("How long the row has been a gap, as a duration (e.g. 36h0m0s) when the status was written.")
            String age) {
    }

    public record Revocation(
            @JsonPropertyDescription("Row id (16 hex characters) a reviewer decided to revoke.")
            String row,
            @JsonPropertyDescription("The run it was decided in.")
            String run,
            @JsonPropertyDescription("The reviewer who decided.")
            String reviewer,
            @JsonPropertyDescription("Pending while the row is still in the latest run, Done once a later run no longer finds it.")
            String state) {
    }

    @JsonPropertyDescription("The signing purpose of this review's key: its public key ring is the data key <signingPurpose>.json of the "
            + "ConfigMap mission-control-public-keys in the operator's namespace (what `mcctl access-review verify --from-cluster` reads).")
    private String signingPurpose;
    @JsonPropertyDescription("The latest run, absent before the first.")
    private Run run;
    @JsonPropertyDescription("The previous signed run's id, which the latest run was compared with.")
    private String previousRun;
    @JsonPropertyDescription("Disagreements of the walk with the authorizer in the latest run (bounded to 50; discrepancyCount has them all).")
    private List<Discrepancy> discrepancies = new ArrayList<>();
    @JsonPropertyDescription("How many discrepancies the latest run found.")
    private Long discrepancyCount;
    @JsonPropertyDescription("Rows still undecided after the sign-off window (bounded to 100; gapCount has them all).")
    private List<Gap> gaps = new ArrayList<>();
    @JsonPropertyDescription("How many rows are gaps.")
    private Long gapCount;
    @JsonPropertyDescription("Revoke decisions for the owners to act on (bounded to 100), and whether a later run still finds the row.")
    private List<Revocation> revocations = new ArrayList<>();
    @JsonPropertyDescription("Names of the AccessReviewSignOffs recorded for the latest run, oldest first (bounded to 100).")
    private List<String> signOffs = new ArrayList<>();
    @JsonPropertyDescription("When the next run is due (RFC 3339, UTC), from spec.recurrence.")
    private String nextRunAt;

    public String getSigningPurpose() {
        return signingPurpose;
    }

    public void setSigningPurpose(String signingPurpose) {
        this.signingPurpose = signingPurpose;
    }

    public Run getRun() {
        return run;
    }

    public void setRun(Run run) {
        this.run = run;
    }

    public String getPreviousRun() {
        return previousRun;
    }

    public void setPreviousRun(String previousRun) {
        this.previousRun = previousRun;
    }

    public List<Discrepancy> getDiscrepancies() {
        return discrepancies;
    }

    public void setDiscrepancies(List<Discrepancy> discrepancies) {
        this.discrepancies = discrepancies;
    }

    public Long getDiscrepancyCount() {
        return discrepancyCount;
    }

    public void setDiscrepancyCount(Long discrepancyCount) {
        this.discrepancyCount = discrepancyCount;
    }

    public List<Gap> getGaps() {
        return gaps;
    }

    public void setGaps(List<Gap> gaps) {
        this.gaps = gaps;
    }

    public Long getGapCount() {
        return gapCount;
    }

    public void setGapCount(Long gapCount) {
        this.gapCount = gapCount;
    }

    public List<Revocation> getRevocations() {
        return revocations;
    }

    public void setRevocations(List<Revocation> revocations) {
        this.revocations = revocations;
    }

    public List<String> getSignOffs() {
        return signOffs;
    }

    public void setSignOffs(List<String> signOffs) {
        this.signOffs = signOffs;
    }

    public String getNextRunAt() {
        return nextRunAt;
    }

    public void setNextRunAt(String nextRunAt) {
        this.nextRunAt = nextRunAt;
    }
}
