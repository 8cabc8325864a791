package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** The rollback drill: a CronJob on a schedule (and a Job on demand) that rehearses turning the feature off. */
public class RehearsalSpec {

    public static final String DEFAULT_SCHEDULE = "0 3 * * 1";

    @Default(DEFAULT_SCHEDULE)
    @Size(min = 1, max = 64)
    @ValidationRule(value = SchemaRules.CRON_RULE, message = SchemaRules.CRON_MESSAGE)
    @JsonPropertyDescription("Cron schedule of the drill, five fields or a descriptor such as @weekly (default every Monday 03:00).")
    private String schedule;

    @Required
    @Size(min = 1, max = 512)
    @Pattern(SchemaRules.NO_WHITESPACE)
    @JsonPropertyDescription("Image that runs the drill.")
    private String image;

    @Size(max = 20)
    @JsonPropertyDescription("Command of the drill container; the image's entrypoint when empty.")
    private List<String> command = new ArrayList<>();

    public static final String DEFAULT_MAX_AGE_DAYS = "7";

    @Min(1)
    @Max(365)
    @Default(DEFAULT_MAX_AGE_DAYS)
    @JsonPropertyDescription("The final wave needs a successful drill no older than this many days (default 7).")
    private Integer maxAgeDays;

    public String getSchedule() {
        return schedule;
    }

    public String schedule() {
        return schedule == null ? DEFAULT_SCHEDULE : schedule;
    }

    public void setSchedule(String schedule) {
        this.schedule = schedule;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public List<String> getCommand() {
        return command;
    }

    public void setCommand(List<String> command) {
        this.command = command;
    }

    public Integer getMaxAgeDays() {
        return maxAgeDays;
    }

    public int maxAgeDays() {
        return maxAgeDays == null ? Integer.parseInt(DEFAULT_MAX_AGE_DAYS) : maxAgeDays;
    }

    public void setMaxAgeDays(Integer maxAgeDays) {
        this.maxAgeDays = maxAgeDays;
    }
}
