package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("The SLO as measured: the SLI and error budget left over the period, the burn rates per alert window, and the conditions.")
public class SearchSLOStatus extends KindStatus {

    /** The error ratio over one alert window, as a multiple of the budget's rate (1 = burning exactly the budget). */
    public record BurnRate(
            @JsonPropertyDescription("The alert window: 5m, 30m, 1h, 6h or 3d.")
            String window,
            @JsonPropertyDescription("Share of bad events over the window, as a ratio from 0 to 1 (0.001 = 0.1 %).")
            Double errorRatio,
            @JsonPropertyDescription("errorRatio divided by the error budget's rate (1 - spec.objective): 1 spends exactly the budget over the "
                    + "period, 14.4 spends 2 % of a 30-day budget in an hour.")
            Double burnRate) {
    }

    @JsonPropertyDescription("Share of the period's error budget left (1 = untouched, 0 = spent, negative = overspent).")
    private Double errorBudgetRemaining;
    @JsonPropertyDescription("The SLI over the period, in percent.")
    private Double sliPercent;
    @JsonPropertyDescription("The burn rate over each alert window at the last measurement.")
    private List<BurnRate> burnRates = new ArrayList<>();
    @JsonPropertyDescription("Minutes any burn-rate alert fired during the last spec.sprint (the product's target: under 15).")
    private Double burnAlarmMinutes;



    public Double getErrorBudgetRemaining() {
        return errorBudgetRemaining;
    }

    public void setErrorBudgetRemaining(Double errorBudgetRemaining) {
        this.errorBudgetRemaining = errorBudgetRemaining;
    }

    public Double getSliPercent() {
        return sliPercent;
    }

    public void setSliPercent(Double sliPercent) {
        this.sliPercent = sliPercent;
    }

    public List<BurnRate> getBurnRates() {
        return burnRates;
    }

    public void setBurnRates(List<BurnRate> burnRates) {
        this.burnRates = burnRates;
    }

    public Double getBurnAlarmMinutes() {
        return burnAlarmMinutes;
    }

    public void setBurnAlarmMinutes(Double burnAlarmMinutes) {
        this.burnAlarmMinutes = burnAlarmMinutes;
    }


}
