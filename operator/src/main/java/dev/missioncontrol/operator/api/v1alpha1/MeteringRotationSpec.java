package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.missioncontrol.core.time.Durations;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

@ValidationRule(value = "!has(self.rotation) || !has(self.rotation.overlap) || !has(self.export.window) "
        + "|| duration(self.rotation.overlap) >= duration(self.export.window)",
        message = "spec.rotation.overlap must be at least spec.export.window: the previous public key stays published that long so "
                + "exports it signed still verify", fieldPath = ".rotation.overlap")
@JsonClassDescription("Which tenants' usage to export, the export window and schedule, where usage is measured, drift and lateness thresholds, and the signing-key rotation.")
public class MeteringRotationSpec {

    @Required
    @Size(min = 1, max = 100)
    @ValidationRule(value = "self.all(t, self.exists_one(u, u == t))", message = "spec.tenants: tenant ids must be unique")
    @JsonPropertyDescription("Tenant ids (DNS labels, unique) whose usage is exported, one signed export per tenant and window.")
    private List<@Size(min = 1, max = 63) @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$") String> tenants = new ArrayList<>();

    @Required
    @JsonPropertyDescription("The exporter: its schedule, window, image and destination volume.")
    private ExportSpec export;

    @Required
    @JsonPropertyDescription("The Prometheus the usage and metering queries run against.")
    private PrometheusSpec prometheus;

    @Default("{}")
    @JsonPropertyDescription("Rotation of the export-signing key: schedule, overlap, rehearsal.")
    private KeyRotationSpec rotation;

    @Default("{}")
    @JsonPropertyDescription("Comparison of each exported window with metering.")
    private DriftSpec drift;

    public static final String DEFAULT_GRACE_PERIOD = "2h";

    @Pattern(Durations.PATTERN)
    @ValidationRule(value = "duration(self) >= duration('1s')", message = "spec.gracePeriod must be at least 1s")
    @Default(DEFAULT_GRACE_PERIOD)
    @JsonPropertyDescription("How long after a window closes its export may arrive before the window counts as late (default 2h).")
    private String gracePeriod;

    public static final String DEFAULT_RETENTION_WINDOWS = "744";

    /** The schema's maximum of retentionWindows. */
    public static final int MAX_RETENTION_WINDOWS = 10000;

    @Min(1)
    @Max(MAX_RETENTION_WINDOWS)
    @Default(DEFAULT_RETENTION_WINDOWS)
    @JsonPropertyDescription("How many windows back the exporter backfills and the operator checks (default 744, a month of hours).")
    private Integer retentionWindows;

    public List<String> getTenants() {
        return tenants;
    }

    public void setTenants(List<String> tenants) {
        this.tenants = tenants;
    }

    public ExportSpec getExport() {
        return export;
    }

    public void setExport(ExportSpec export) {
        this.export = export;
    }

    public PrometheusSpec getPrometheus() {
        return prometheus;
    }

    public void setPrometheus(PrometheusSpec prometheus) {
        this.prometheus = prometheus;
    }

    public KeyRotationSpec getRotation() {
        return rotation;
    }

    public KeyRotationSpec rotation() {
        return rotation == null ? new KeyRotationSpec() : rotation;
    }

    public void setRotation(KeyRotationSpec rotation) {
        this.rotation = rotation;
    }

    public DriftSpec getDrift() {
        return drift;
    }

    public DriftSpec drift() {
        return drift == null ? new DriftSpec() : drift;
    }

    public void setDrift(DriftSpec drift) {
        this.drift = drift;
    }

    public String getGracePeriod() {
        return gracePeriod;
    }

    public Duration gracePeriod() {
        return Durations.parse(gracePeriodText());
    }

    /** The grace period as written (or its default), for messages. */
    public String gracePeriodText() {
        return gracePeriod == null ? DEFAULT_GRACE_PERIOD : gracePeriod;
    }

    public void setGracePeriod(String gracePeriod) {
        this.gracePeriod = gracePeriod;
    }

    public Integer getRetentionWindows() {
        return retentionWindows;
    }

    public int retentionWindows() {
        return retentionWindows == null ? Integer.parseInt(DEFAULT_RETENTION_WINDOWS) : retentionWindows;
    }

    public void setRetentionWindows(Integer retentionWindows) {
        this.retentionWindows = retentionWindows;
    }

    public static class ExportSpec {
        @Required
        @Size(min = 1, max = 64)
        @ValidationRule(value = SchemaRules.CRON_RULE, message = SchemaRules.CRON_MESSAGE)
        @JsonPropertyDescription("Cron schedule of the export CronJob: five fields, e.g. '15 * * * *', or a descriptor such as @hourly.")
        private String schedule;

        public static final String DEFAULT_WINDOW = "1h";

        @Pattern(Durations.PATTERN)
        @ValidationRule(value = "duration(self) >= duration('1s')", message = "spec.export.window must be at least 1s")
        @ValidationRule(value = "self == oldSelf",
                message = "spec.export.window cannot change: exported windows and their receipts would no longer line up; create a new MeteringRotation instead")
        @Default(DEFAULT_WINDOW)
        @JsonPropertyDescription("Length of one export window, e.g. 1h or 24h; windows are aligned to the Unix epoch. Immutable: "
                + "exports and receipts are per window.")
        private String window;

        @Size(max = 64)
        @Pattern(DpiaSpec.TIMESTAMP)
        @ValidationRule(value = SchemaRules.REAL_DATE_RULE, message = SchemaRules.REAL_DATE_MESSAGE)
        @JsonPropertyDescription("RFC 3339 start of the first window to export; default: the resource's creation, rounded down to a window.")
        private String since;

        @Required
        @JsonPropertyDescription("The PersistentVolumeClaim and path the exports are written to.")
        private Destination destination;

        public static final String DEFAULT_IMAGE = "mission-control-operator:0.1.0-SNAPSHOT"; // the tag `make image` builds (ImageTagTest)

        @Default(DEFAULT_IMAGE)
        @Size(min = 1, max = 512)
        @Pattern(SchemaRules.NO_WHITESPACE)
        @JsonPropertyDescription("Image that runs `mcctl metering export` (the operator's image carries mcctl).")
        private String image;

        @Size(max = 4096)
        @ValidationRule(value = SchemaRules.METERING_QUERY_PLACEHOLDERS, message = SchemaRules.METERING_QUERY_PLACEHOLDERS_MESSAGE)
        @ValidationRule(value = SchemaRules.PER_TENANT, message = SchemaRules.PER_TENANT_MESSAGE)
        @JsonPropertyDescription("PromQL for one tenant's usage in one window, evaluated by the operator at the window's end; it "
                + "must select the tenant with {{tenant}}. Placeholders, written exactly so: {{tenant}}, {{window}}; any other is refused. "
                + "A series (even of value 0) is signed; no series signs nothing.")
        private String usageQuery;

        public String getSchedule() {
            return schedule;
        }

        public void setSchedule(String schedule) {
            this.schedule = schedule;
        }

        public String getWindow() {
            return window;
        }

        public Duration window() {
            return Durations.parse(windowText());
        }

        /** The window as written (or its default): the exporter takes the same text. */
        public String windowText() {
            return window == null ? DEFAULT_WINDOW : window;
        }

        public void setWindow(String window) {
            this.window = window;
        }

        public String getSince() {
            return since;
        }

        public void setSince(String since) {
            this.since = since;
        }

        public Destination getDestination() {
            return destination;
        }

        public void setDestination(Destination destination) {
            this.destination = destination;
        }

        public String getImage() {
            return image;
        }

        public String image() {
            return image == null ? DEFAULT_IMAGE : image;
        }

        public void setImage(String image) {
            this.image = image;
        }

        public String getUsageQuery() {
            return usageQuery;
        }

        public void setUsageQuery(String usageQuery) {
            this.usageQuery = usageQuery;
        }
    }

    public static class Destination {
        @Required
        @Size(min = 1, max = 253)
        @Pattern("^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$")
        @JsonPropertyDescription("Name of the PersistentVolumeClaim in this namespace the export Job mounts.")
        private String persistentVolumeClaim;

        public static final String DEFAULT_PATH = "usage";

        @Default(DEFAULT_PATH)
        @Size(max = 512)
        @Pattern("^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")
        @ValidationRule(value = "!self.matches('(^|/)[.][.]?(/|$)')",
                message = "spec.export.destination.path must stay inside the volume: no '.' or '..' segments")
        @JsonPropertyDescription("Directory inside the volume (relative, no '..').")
        private String path;

        public String getPersistentVolumeClaim() {
            return persistentVolumeClaim;
        }

        public void setPersistentVolumeClaim(String persistentVolumeClaim) {
            this.persistentVolumeClaim = persistentVolumeClaim;
        }

        public String getPath() {
            return path;
        }

        public String path() {
            return path == null ? DEFAULT_PATH : path;
        }

        public void setPath(String path) {
            this.path = path;
        }
    }

    public static class KeyRotationSpec {
        public static final String DEFAULT_SCHEDULE = "0 0 1 * *";

        @Default(DEFAULT_SCHEDULE)
        @Size(min = 1, max = 64)
        @ValidationRule(value = SchemaRules.CRON_RULE, message = SchemaRules.CRON_MESSAGE)
        @JsonPropertyDescription("Cron schedule of signing-key rotation in UTC, five fields or a descriptor such as @monthly "
                + "(default: the 1st of every month, 00:00 UTC).")
        private String schedule;

        public static final String DEFAULT_OVERLAP = "720h";

        @Pattern(Durations.PATTERN)
        @Default(DEFAULT_OVERLAP)
        @JsonPropertyDescription("How long status.previousKeyId names the retired key after a rotation, at least spec.export.window "
                + "(default 720h); retired public keys stay in the published key ring for good, so old exports keep verifying.")
        private String overlap;

        @JsonPropertyDescription("When true, scheduled rotations are rehearsed (dry run, logged) instead of switching keys.")
        private Boolean rehearse;

        public String getSchedule() {
            return schedule;
        }

        public String schedule() {
            return schedule == null ? DEFAULT_SCHEDULE : schedule;
        }

        public void setSchedule(String schedule) {
            this.schedule = schedule;
        }

        public String getOverlap() {
            return overlap;
        }

        public Duration overlap() {
            return Durations.parse(overlap == null ? DEFAULT_OVERLAP : overlap);
        }

        public void setOverlap(String overlap) {
            this.overlap = overlap;
        }

        public Boolean getRehearse() {
            return rehearse;
        }

        public void setRehearse(Boolean rehearse) {
            this.rehearse = rehearse;
        }
    }

    public static class DriftSpec {
        public static final String DEFAULT_THRESHOLD = "0.003";

        @Min(value = 0, inclusive = false)
        @Max(value = 1, inclusive = false)
        @Default(DEFAULT_THRESHOLD)
        @JsonPropertyDescription("Largest acceptable |exported - metered| / metered per tenant and window, as a ratio above 0 and "
                + "below 1 (default 0.003 = 0.3 %); a percentage such as 0.3 for 0.3 % would allow 30 %.")
        private Double threshold;

        @Size(max = 4096)
        @ValidationRule(value = SchemaRules.METERING_QUERY_PLACEHOLDERS, message = SchemaRules.METERING_QUERY_PLACEHOLDERS_MESSAGE)
        @ValidationRule(value = SchemaRules.PER_TENANT, message = SchemaRules.PER_TENANT_MESSAGE)
        @JsonPropertyDescription("PromQL for the metered usage of one tenant in one window, evaluated at the window's end; it must "
                + "select the tenant with {{tenant}}. Placeholders, written exactly so: {{tenant}}, {{window}}; any other is refused.")
        private String meteredQuery;

        public Double getThreshold() {
            return threshold;
        }

        public double threshold() {
            return threshold == null ? Double.parseDouble(DEFAULT_THRESHOLD) : threshold;
        }

        public void setThreshold(Double threshold) {
            this.threshold = threshold;
        }

        public String getMeteredQuery() {
            return meteredQuery;
        }

        public void setMeteredQuery(String meteredQuery) {
            this.meteredQuery = meteredQuery;
        }
    }
}
