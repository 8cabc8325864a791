package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class SearchSLOStatus extends KindStatus {

    /** The error ratio over one alert window, as a multiple of the budget's rate (1 = burning exactly the budget). */
    public record BurnRate(String window, Double errorRatio, Double burnRate) {
    }

    @JsonPropertyDescription("Share of the period's error budget left (1 = untouched, 0 = spent, negative = overspent).")
    private Double errorBudgetRemaining;
    @JsonPropertyDescription("The SLI over the period, in percent.")
    private Double sliPercent;
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
