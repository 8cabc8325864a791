package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("The exporter as measured: each KPI's value and verdict, the ledger's figures, which banners are served, and the conditions "
        + "CoverageMet, HintsMet, OptOutBelowTarget, LedgerBalanced, BannersAccessible and Ready.")
public class ExplanationExportStatus extends KindStatus {

    /** One KPI as measured. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Kpi(
            @JsonPropertyDescription("coverage, hintCoverage, optOut or unbucketed.")
            String name,
            @JsonPropertyDescription("The measured ratio, 0 to 1; absent when there is no data.")
            Double value,
            @JsonPropertyDescription("The target from spec.kpis, a ratio in (0, 1).")
            Double target,
            @JsonPropertyDescription("Met, NotMet, NotEnoughData (fewer than spec.kpis.minimumEligible eligible events) or NoData (no series, or "
                    + "Prometheus did not answer): no data is never a pass.")
            String verdict,
            @JsonPropertyDescription("Eligible events the value was computed over.")
            Long eligible) {
    }

    /** One banner's checks. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BannerState(
            @JsonPropertyDescription("The banner: its tenant, or default.")
            String name,
            @JsonPropertyDescription("Whether the banner passed every check and is in the flags ConfigMap.")
            Boolean served,
            @JsonPropertyDescription("Contrast between text and background as computed by the operator (WCAG 2.1), from 1 to 21.")
            Double contrastRatio,
            @JsonPropertyDescription("The checks it failed (Contrast, Length, Disclaimer, LinkText); empty when served.")
            List<String> failedChecks) {
    }

    @JsonPropertyDescription("The KPIs at the last measurement.")
    private List<Kpi> kpis = new ArrayList<>();

    @JsonPropertyDescription("Each banner's checks.")
    private List<BannerState> banners = new ArrayList<>();

    @JsonPropertyDescription("eligible minus every outcome and what is in flight at the last measurement: 0 when the ledger balances; absent without data.")
    private Long ledgerImbalance;

    @JsonPropertyDescription("Eligible events counted by the exporter at the last measurement.")
    private Long eligible;

    public List<Kpi> getKpis() {
        return kpis;
    }

    public void setKpis(List<Kpi> kpis) {
        this.kpis = kpis;
    }

    public List<BannerState> getBanners() {
        return banners;
    }

    public void setBanners(List<BannerState> banners) {
        this.banners = banners;
    }

    public Long getLedgerImbalance() {
        return ledgerImbalance;
    }

    public void setLedgerImbalance(Long ledgerImbalance) {
        this.ledgerImbalance = ledgerImbalance;
    }

    public Long getEligible() {
        return eligible;
    }

    public void setEligible(Long eligible) {
        this.eligible = eligible;
    }
}
