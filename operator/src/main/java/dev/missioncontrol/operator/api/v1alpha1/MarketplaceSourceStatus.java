package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("What the operator derived for the card: its badges, the license text it read, whether it holds a Live pilot slot, and the conditions.")
public class MarketplaceSourceStatus extends KindStatus {

    @JsonPropertyDescription("Vetted, DPIAApproved, LicenseVerified: the badges the card earned now.")
    private List<String> badges = new ArrayList<>();
    @JsonPropertyDescription("The badges as one comma-separated line, e.g. \"DPIAApproved, LicenseVerified, Vetted\" (the BADGES column of "
            + "kubectl get); absent while the card has none.")
    private String badgeSummary;
    @JsonPropertyDescription("SHA-256 of the license text the operator read.")
    private String observedLicenseSha256;
    @JsonPropertyDescription("When the source took one of the pilot's Live slots; it keeps it while it stays Vetted.")
    private String liveSince;



    public List<String> getBadges() {
        return badges;
    }

    public void setBadges(List<String> badges) {
        this.badges = badges;
    }

    public String getBadgeSummary() {
        return badgeSummary;
    }

    public void setBadgeSummary(String badgeSummary) {
        this.badgeSummary = badgeSummary;
    }

    public String getObservedLicenseSha256() {
        return observedLicenseSha256;
    }

    public void setObservedLicenseSha256(String observedLicenseSha256) {
        this.observedLicenseSha256 = observedLicenseSha256;
    }

    public String getLiveSince() {
        return liveSince;
    }

    public void setLiveSince(String liveSince) {
        this.liveSince = liveSince;
    }


}
