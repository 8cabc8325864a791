package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

public class MeteringRotationSpec {

    @Required
    @Size(min = 1, max = 100)
    @ValidationRule(value = "self.all(t, self.exists_one(u, u == t))", message = "spec.tenants: tenant ids must be unique")
    private List<@Size(min = 1, max = 63) @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$") String> tenants = new ArrayList<>();

    @Required
    private ExportSpec export;

    @Required
    private PrometheusSpec prometheus;

    @Default("{}")
    private KeyRotationSpec rotation;

    @Default("{}")
    private DriftSpec drift;

    @Pattern(Durations.PATTERN)
    @Default("2h")
    @JsonPropertyDescription("How long after a window closes its export may arrive before the window counts as late (default 2h).")
    private String gracePeriod;

    @Min(1)
    @Max(10000)
    @Default("744")
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

    public void setRotation(KeyRotationSpec rotation) {
        this.rotation = rotation;
    }

    public DriftSpec getDrift() {
        return drift;
    }

    public void setDrift(DriftSpec drift) {
        this.drift = drift;
    }

    public String getGracePeriod() {
        return gracePeriod;
    }

    public void setGracePeriod(String gracePeriod) {
        this.gracePeriod = gracePeriod;
    }

    public Integer getRetentionWindows() {
        return retentionWindows;
    }

    public void setRetentionWindows(Integer retentionWindows) {
        this.retentionWindows = retentionWindows;
    }

    public static class ExportSpec {
        @Required
        @Size(min = 9, max = 64)
        @JsonPropertyDescription("Cron schedule of the export CronJob, e.g. '15 * * * *'.")
        private String schedule;

        @Pattern(Durations.PATTERN)
        @ValidationRule(value = "duration(self) >= duration('1s')", message = "spec.export.window must be at least 1s")
        @Default("1h")
        @JsonPropertyDescription("Length of one export window, e.g. 1h or 24h; windows are aligned to the Unix epoch.")
        private String window;

        @Pattern(DpiaSpec.TIMESTAMP)
        @JsonPropertyDescription("RFC 3339 start of the first window to export; default: the resource's creation, rounded down to a window.")
        private String since;

        @Required
        private Destination destination;

        @Default("mission-control-operator:0.1.0")
        @Size(min = 1, max = 512)
        @JsonPropertyDescription("Image that runs `mcctl metering export` (the operator's image carries mcctl).")
        private String image;

        @Size(max = 4096)
        @JsonPropertyDescription("PromQL for one tenant's usage in one window, evaluated at the window's end; placeholders {{tenant}}, {{window}}.")
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
        private String persistentVolumeClaim;

        @Default("usage")
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

        public void setPath(String path) {
            this.path = path;
        }
    }

    public static class KeyRotationSpec {
        @Default("0 0 1 * *")
        @Size(min = 9, max = 64)
        @JsonPropertyDescription("Cron schedule of signing-key rotation (default: the 1st of every month, 00:00 UTC).")
        private String schedule;

        @Pattern(Durations.PATTERN)
        @Default("720h")
        @JsonPropertyDescription("How long the previous public key stays published after a rotation (default 720h).")
        private String overlap;

        @JsonPropertyDescription("When true, scheduled rotations are rehearsed (dry run, logged) instead of switching keys.")
        private Boolean rehearse;

        public String getSchedule() {
            return schedule;
        }

        public void setSchedule(String schedule) {
            this.schedule = schedule;
        }

        public String getOverlap() {
            return overlap;
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
        @Min(0)
        @Max(1)
        @Default("0.003")
        @JsonPropertyDescription("Largest acceptable |exported - metered| / metered per tenant and window (default 0.003 = 0.3 %).")
        private Double threshold;

        @Size(max = 4096)
        @JsonPropertyDescription("PromQL for the metered usage of one tenant in one window, evaluated at the window's end; placeholders {{tenant}}, {{window}}.")
        private String meteredQuery;

        public Double getThreshold() {
            return threshold;
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
