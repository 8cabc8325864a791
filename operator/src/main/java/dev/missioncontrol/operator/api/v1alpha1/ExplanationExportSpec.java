package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
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

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("The exporter's source, sink and retry policy, the tenants, the KPI targets, where the KPIs are measured, and the caveat banners.")
@ValidationRule(value = "!has(self.banners) || self.banners.all(b, !has(b.tenant) || b.tenant in self.tenants)",
        message = "spec.banners[].tenant must be one of spec.tenants (leave it out for the default banner)")
public class ExplanationExportSpec {

    /** Go-style durations, as the exporter and CEL's duration() read them. */
    public static final String DURATION = Durations.PATTERN;
    public static final String DEFAULT_IMAGE = "mission-control-operator:0.1.0-SNAPSHOT"; // the tag `make image` builds

    @Required
    @JsonPropertyDescription("Where the exporter reads explanation events: a directory it follows (docs/explanationexport.md#the-source).")
    private Source source;

    @Required
    @JsonPropertyDescription("Where the exporter delivers each event: an HTTP endpoint taking one JSON event per POST.")
    private Sink sink;

    @JsonPropertyDescription("How failed deliveries are retried: exponential backoff with jitter from initial up to max, for at most total.")
    private Retry retry;

    @Required
    @Size(min = 1, max = 50)
    @ValidationRule(value = "self.all(t, self.exists_one(u, u == t))", message = "spec.tenants: tenant ids must be unique")
    @JsonPropertyDescription("Tenant ids whose events the exporter delivers (1 to 50, unique); events of any other tenant are dead-lettered "
            + "(bucket unknown_tenant).")
    private List<@Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$") @Size(max = 63) String> tenants = new ArrayList<>();

    @JsonPropertyDescription("The KPI targets status judges the measured values against.")
    private Kpis kpis;

    @JsonPropertyDescription("Where status reads the KPIs from (the exporter's metrics, scraped by this Prometheus); without it the KPIs "
            + "are not measured and their conditions stay Unknown.")
    private PrometheusSpec prometheus;

    @Size(max = 20)
    @ValidationRule(value = "self.all(b, self.exists_one(c, (has(c.tenant) ? c.tenant : '') == (has(b.tenant) ? b.tenant : '')))",
            message = "spec.banners: at most one banner per tenant and one default banner (without tenant)")
    @JsonPropertyDescription("Caveat banners explanations must show: per tenant, or the default for tenants without one (at most 20).")
    private List<Banner> banners = new ArrayList<>();

    @JsonPropertyDescription("The checks every banner passes before it is served.")
    private BannerChecks bannerChecks;

    @Default(DEFAULT_IMAGE)
    @Size(min = 1, max = 512)
    @JsonPropertyDescription("Image that runs `mcctl xai export` (the operator's image carries mcctl).")
    private String image;

    public static class Source {
        @Required
        @Size(min = 1, max = 253)
        @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
        @JsonPropertyDescription("PersistentVolumeClaim holding the events, mounted read-only into the exporter.")
        private String persistentVolumeClaim;

        public static final String DEFAULT_PATH = "events";

        @Default(DEFAULT_PATH)
        @Size(min = 1, max = 255)
        @Pattern("^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")
        @ValidationRule(value = "!self.split('/').exists(p, p == '..')", message = "spec.source.path must stay inside the volume (no ..)")
        @JsonPropertyDescription("Directory inside the claim whose *.jsonl files the exporter follows (default events).")
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

    public static class Sink {
        @Required
        @Size(min = 1, max = 2048)
        @ValidationRule(value = "isURL(self) && url(self).getScheme() in ['http', 'https'] && url(self).getHostname() != ''",
                message = "spec.sink.url must be an absolute http or https URL, for example https://explanations.example/v1/events")
        @JsonPropertyDescription("The sink's URL (http or https); each event is POSTed as JSON with its id as Idempotency-Key.")
        private String url;

        public static final String DEFAULT_TIMEOUT = "10s";

        @Default(DEFAULT_TIMEOUT)
        @Pattern(DURATION)
        @ValidationRule(value = "duration(self) >= duration('100ms') && duration(self) <= duration('5m')",
                message = "spec.sink.timeout must be from 100ms to 5m")
        @JsonPropertyDescription("Timeout of one attempt, from 100ms to 5m (default 10s); a timeout is retryable.")
        private String timeout;

        public static final int DEFAULT_MAX_EVENT_BYTES = 65536;

        @Default("65536")
        @Min(256)
        @Max(10485760)
        @JsonPropertyDescription("Largest event line in bytes (256 to 10 MiB, default 65536); a larger one is dead-lettered (bucket too_large).")
        private Integer maxEventBytes;

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getTimeout() {
            return timeout;
        }

        public String timeout() {
            return timeout == null ? DEFAULT_TIMEOUT : timeout;
        }

        public void setTimeout(String timeout) {
            this.timeout = timeout;
        }

        public Integer getMaxEventBytes() {
            return maxEventBytes;
        }

        public int maxEventBytes() {
            return maxEventBytes == null ? DEFAULT_MAX_EVENT_BYTES : maxEventBytes;
        }

        public void setMaxEventBytes(Integer maxEventBytes) {
            this.maxEventBytes = maxEventBytes;
        }
    }

    @ValidationRule(value = "duration(has(self.max) ? self.max : '" + Retry.DEFAULT_MAX + "') >= duration(has(self.initial) ? self.initial : '"
            + Retry.DEFAULT_INITIAL + "')", message = "spec.retry.max must not be below spec.retry.initial", fieldPath = ".max")
    public static class Retry {
        public static final String DEFAULT_INITIAL = "1s";
        public static final String DEFAULT_MAX = "30s";
        public static final String DEFAULT_TOTAL = "5m";

        @Default(DEFAULT_INITIAL)
        @Pattern(DURATION)
        @ValidationRule(value = "duration(self) >= duration('10ms')", message = "spec.retry.initial must be at least 10ms")
        @JsonPropertyDescription("Wait after the first failed attempt, at least 10ms (default 1s); each further wait doubles, up to max.")
        private String initial;

        @Default(DEFAULT_MAX)
        @Pattern(DURATION)
        @JsonPropertyDescription("Longest wait between attempts, not below initial (default 30s). Each wait is drawn from half to all of "
                + "its step (jitter); a Retry-After from the sink is a floor on it.")
        private String max;

        @Default(DEFAULT_TOTAL)
        @Pattern(DURATION)
        @ValidationRule(value = "duration(self) <= duration('24h')", message = "spec.retry.total must be at most 24h")
        @JsonPropertyDescription("Longest time an event is retried from its first attempt, at most 24h (default 5m); then it is dropped as "
                + "exhausted and dead-lettered.")
        private String total;

        public String getInitial() {
            return initial;
        }

        public String initial() {
            return initial == null ? DEFAULT_INITIAL : initial;
        }

        public void setInitial(String initial) {
            this.initial = initial;
        }

        public String getMax() {
            return max;
        }

        public String max() {
            return max == null ? DEFAULT_MAX : max;
        }

        public void setMax(String max) {
            this.max = max;
        }

        public String getTotal() {
            return total;
        }

        public String total() {
            return total == null ? DEFAULT_TOTAL : total;
        }

        public void setTotal(String total) {
            this.total = total;
        }
    }

    public static class Kpis {
        public static final double DEFAULT_COVERAGE = 0.98;
        public static final double DEFAULT_HINT_COVERAGE = 0.90;
        public static final double DEFAULT_OPT_OUT_BELOW = 0.03;
        public static final double DEFAULT_UNBUCKETED_BELOW = 0.01;
        public static final int DEFAULT_MINIMUM_ELIGIBLE = 200;

        @Default("0.98")
        @ValidationRule(value = "self > 0.0 && self < 1.0", message = "spec.kpis.coverage must be between 0 and 1, exclusive (e.g. 0.98)")
        @JsonPropertyDescription("Least share of eligible events (opt-outs aside) delivered, a ratio in (0, 1) (default 0.98).")
        private Double coverage;

        @Default("0.9")
        @ValidationRule(value = "self > 0.0 && self < 1.0", message = "spec.kpis.hintCoverage must be between 0 and 1, exclusive (e.g. 0.9)")
        @JsonPropertyDescription("Least share of explanations carrying a counterfactual hint, a ratio in (0, 1) (default 0.9).")
        private Double hintCoverage;

        @Default("0.03")
        @ValidationRule(value = "self > 0.0 && self < 1.0", message = "spec.kpis.optOutBelow must be between 0 and 1, exclusive (e.g. 0.03)")
        @JsonPropertyDescription("Share of eligible events opted out that must not be reached, a ratio in (0, 1) (default 0.03).")
        private Double optOutBelow;

        @Default("0.01")
        @ValidationRule(value = "self > 0.0 && self < 1.0", message = "spec.kpis.unbucketedBelow must be between 0 and 1, exclusive (e.g. 0.01)")
        @JsonPropertyDescription("Share of failed events in no known bucket that must not be reached, a ratio in (0, 1) (default 0.01).")
        private Double unbucketedBelow;

        @Default("200")
        @Min(1)
        @Max(100000000)
        @JsonPropertyDescription("Eligible events needed before a KPI is judged (default 200); fewer is NotEnoughData, never a pass.")
        private Integer minimumEligible;

        public Double getCoverage() {
            return coverage;
        }

        public double coverage() {
            return coverage == null ? DEFAULT_COVERAGE : coverage;
        }

        public void setCoverage(Double coverage) {
            this.coverage = coverage;
        }

        public Double getHintCoverage() {
            return hintCoverage;
        }

        public double hintCoverage() {
            return hintCoverage == null ? DEFAULT_HINT_COVERAGE : hintCoverage;
        }

        public void setHintCoverage(Double hintCoverage) {
            this.hintCoverage = hintCoverage;
        }

        public Double getOptOutBelow() {
            return optOutBelow;
        }

        public double optOutBelow() {
            return optOutBelow == null ? DEFAULT_OPT_OUT_BELOW : optOutBelow;
        }

        public void setOptOutBelow(Double optOutBelow) {
            this.optOutBelow = optOutBelow;
        }

        public Double getUnbucketedBelow() {
            return unbucketedBelow;
        }

        public double unbucketedBelow() {
            return unbucketedBelow == null ? DEFAULT_UNBUCKETED_BELOW : unbucketedBelow;
        }

        public void setUnbucketedBelow(Double unbucketedBelow) {
            this.unbucketedBelow = unbucketedBelow;
        }

        public Integer getMinimumEligible() {
            return minimumEligible;
        }

        public int minimumEligible() {
            return minimumEligible == null ? DEFAULT_MINIMUM_ELIGIBLE : minimumEligible;
        }

        public void setMinimumEligible(Integer minimumEligible) {
            this.minimumEligible = minimumEligible;
        }
    }

    public static class Banner {
        @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
        @Size(max = 63)
        @JsonPropertyDescription("The tenant this banner is for, one of spec.tenants; leave it out for the default banner.")
        private String tenant;

        @Required
        @Size(min = 1, max = 2000)
        @JsonPropertyDescription("The banner's text (the served one is at most spec.bannerChecks.maxLength characters and carries the disclaimer).")
        private String text;

        public static final String DEFAULT_SEVERITY = "info";

        @Default(DEFAULT_SEVERITY)
        @ValidationRule(value = "self in ['info', 'warning', 'critical']", message = "spec.banners[].severity must be info, warning or critical")
        @JsonPropertyDescription("info, warning or critical (default info).")
        private String severity;

        @Required
        @Size(max = 7)
        @ValidationRule(value = "self.matches('^#[0-9a-fA-F]{6}$')", message = "spec.banners[].textColor must be a #RRGGBB colour, e.g. #1F2328")
        @JsonPropertyDescription("Text colour, #RRGGBB.")
        private String textColor;

        @Required
        @Size(max = 7)
        @ValidationRule(value = "self.matches('^#[0-9a-fA-F]{6}$')",
                message = "spec.banners[].backgroundColor must be a #RRGGBB colour, e.g. #FFF8C5")
        @JsonPropertyDescription("Background colour, #RRGGBB; the text's contrast against it must be at least 4.5:1 (WCAG 2.1 AA).")
        private String backgroundColor;

        @JsonPropertyDescription("A link the banner shows, e.g. to how explanations are made.")
        private Link link;

        public String getTenant() {
            return tenant;
        }

        public void setTenant(String tenant) {
            this.tenant = tenant;
        }

        public String getText() {
            return text;
        }

        public void setText(String text) {
            this.text = text;
        }

        public String getSeverity() {
            return severity;
        }

        public String severity() {
            return severity == null ? DEFAULT_SEVERITY : severity;
        }

        public void setSeverity(String severity) {
            this.severity = severity;
        }

        public String getTextColor() {
            return textColor;
        }

        public void setTextColor(String textColor) {
            this.textColor = textColor;
        }

        public String getBackgroundColor() {
            return backgroundColor;
        }

        public void setBackgroundColor(String backgroundColor) {
            this.backgroundColor = backgroundColor;
        }

        public Link getLink() {
            return link;
        }

        public void setLink(Link link) {
            this.link = link;
        }
    }

    public static class Link {
        @Required
        @Size(min = 1, max = 2048)
        @ValidationRule(value = "isURL(self) && url(self).getScheme() in ['http', 'https']",
                message = "spec.banners[].link.url must be an absolute http or https URL")
        @JsonPropertyDescription("The link's target, an absolute http or https URL.")
        private String url;

        @Size(max = 200)
        @JsonPropertyDescription("The link's text; an empty one fails the banner's LinkText check (the banner is then not served).")
        private String text;

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getText() {
            return text;
        }

        public void setText(String text) {
            this.text = text;
        }
    }

    public static class BannerChecks {
        public static final String DEFAULT_DISCLAIMER = "AI-generated";
        public static final int DEFAULT_MAX_LENGTH = 280;

        @Default(DEFAULT_DISCLAIMER)
        @Size(min = 1, max = 200)
        @JsonPropertyDescription("Phrase every banner's text must contain, case-insensitive (default AI-generated).")
        private String disclaimer;

        @Default("280")
        @Min(20)
        @Max(2000)
        @JsonPropertyDescription("Longest banner text in characters, 20 to 2000 (default 280).")
        private Integer maxLength;

        public String getDisclaimer() {
            return disclaimer;
        }

        public String disclaimer() {
            return disclaimer == null ? DEFAULT_DISCLAIMER : disclaimer;
        }

        public void setDisclaimer(String disclaimer) {
            this.disclaimer = disclaimer;
        }

        public Integer getMaxLength() {
            return maxLength;
        }

        public int maxLength() {
            return maxLength == null ? DEFAULT_MAX_LENGTH : maxLength;
        }

        public void setMaxLength(Integer maxLength) {
            this.maxLength = maxLength;
        }
    }

    public Source getSource() {
        return source;
    }

    public void setSource(Source source) {
        this.source = source;
    }

    public Sink getSink() {
        return sink;
    }

    public void setSink(Sink sink) {
        this.sink = sink;
    }

    public Retry getRetry() {
        return retry;
    }

    public Retry retry() {
        return retry == null ? new Retry() : retry;
    }

    public void setRetry(Retry retry) {
        this.retry = retry;
    }

    public List<String> getTenants() {
        return tenants;
    }

    public void setTenants(List<String> tenants) {
        this.tenants = tenants;
    }

    public Kpis getKpis() {
        return kpis;
    }

    public Kpis kpis() {
        return kpis == null ? new Kpis() : kpis;
    }

    public void setKpis(Kpis kpis) {
        this.kpis = kpis;
    }

    public PrometheusSpec getPrometheus() {
        return prometheus;
    }

    public void setPrometheus(PrometheusSpec prometheus) {
        this.prometheus = prometheus;
    }

    public List<Banner> getBanners() {
        return banners;
    }

    public void setBanners(List<Banner> banners) {
        this.banners = banners;
    }

    public BannerChecks getBannerChecks() {
        return bannerChecks;
    }

    public BannerChecks bannerChecks() {
        return bannerChecks == null ? new BannerChecks() : bannerChecks;
    }

    public void setBannerChecks(BannerChecks bannerChecks) {
        this.bannerChecks = bannerChecks;
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

    /** The sink's attempt timeout as a Duration. */
    public Duration sinkTimeout() {
        return Durations.parse(sink.timeout());
    }
}
