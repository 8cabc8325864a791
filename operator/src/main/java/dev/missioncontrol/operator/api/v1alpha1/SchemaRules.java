package dev.missioncontrol.operator.api.v1alpha1;

/**
 * CEL rules and patterns several spec fields share, as compile-time constants for the CRD-generator annotations.
 * CEL's regular expressions are RE2: no lookahead, so "only these placeholders" is written as "the whole text is
 * made of characters that open no placeholder, single braces, and the allowed placeholders".
 * Messages here do not name a path: the API server prefixes each refusal with the field's full path.
 */
public final class SchemaRules {

    private SchemaRules() {
    }

    /** At least one character that is not whitespace. */
    public static final String NOT_BLANK = "self.matches(r'\\S')";
    public static final String NOT_BLANK_MESSAGE = "must not be empty or whitespace only";

    /** No whitespace at all, e.g. a container image reference. */
    public static final String NO_WHITESPACE = "^\\S+$";

    // Cron, as a Kubernetes CronJob accepts it (robfig/cron's standard parser): five fields (numbers in range,
    // month and weekday names case-insensitive, '?' in the day fields, lists, ranges, steps), or a lower-case descriptor.
    // @every is left out: the key-rotation schedule is computed by the operator, which takes the seven below.
    public static final String CRON_MACROS = "@yearly @annually @monthly @weekly @daily @midnight @hourly";

    /**
     * A five-field cron schedule or a descriptor, the whole string (RE2 and java.util.regex alike). As kube-apiserver
     * v1.34 validates a CronJob: descriptors in lower case only (it refuses "@Daily"), names in any case, day-of-week
     * 0 to 6, steps of at least 1. What a regular expression cannot see (a backwards range such as 5-3, a day no month
     * in the set has) the operator names as condition ScheduleFires=False (core CronSchedules).
     */
    public static final String CRON = "^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|(?i:"
            + "(\\*|([0-5]?[0-9])(-([0-5]?[0-9]))?)(/(0?[1-9]|[1-9][0-9]))?(,(\\*|([0-5]?[0-9])(-([0-5]?[0-9]))?)(/(0?[1-9]|[1-9][0-9]))?)*"
            + "\\s+(\\*|([01]?[0-9]|2[0-3])(-([01]?[0-9]|2[0-3]))?)(/(0?[1-9]|[1-9][0-9]))?(,(\\*|([01]?[0-9]|2[0-3])(-([01]?[0-9]|2[0-3]))?)(/(0?[1-9]|[1-9][0-9]))?)*"
            + "\\s+(\\*|\\?|(0?[1-9]|[12][0-9]|3[01])(-(0?[1-9]|[12][0-9]|3[01]))?)(/(0?[1-9]|[1-9][0-9]))?(,(\\*|\\?|(0?[1-9]|[12][0-9]|3[01])(-(0?[1-9]|[12][0-9]|3[01]))?)(/(0?[1-9]|[1-9][0-9]))?)*"
            + "\\s+(\\*|(0?[1-9]|1[0-2]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)(-(0?[1-9]|1[0-2]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))?)(/(0?[1-9]|[1-9][0-9]))?(,(\\*|(0?[1-9]|1[0-2]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)(-(0?[1-9]|1[0-2]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))?)(/(0?[1-9]|[1-9][0-9]))?)*"
            + "\\s+(\\*|\\?|([0-6]|sun|mon|tue|wed|thu|fri|sat)(-([0-6]|sun|mon|tue|wed|thu|fri|sat))?)(/(0?[1-9]|[1-9][0-9]))?(,(\\*|\\?|([0-6]|sun|mon|tue|wed|thu|fri|sat)(-([0-6]|sun|mon|tue|wed|thu|fri|sat))?)(/(0?[1-9]|[1-9][0-9]))?)*"
            + "))$";

    /** CEL raw strings (r'...') keep the regex's backslashes as written. */
    public static final String CRON_RULE = "self.matches(r'" + CRON + "')";

    public static final String CRON_MESSAGE = "must be a cron schedule as a Kubernetes CronJob takes it: five fields (minute hour "
            + "day-of-month month day-of-week, e.g. '15 * * * *') or one of " + CRON_MACROS;

    /**
     * RFC 3339 with a real calendar date and clock time (no 2026-02-30, no 24:00); February 29 is checked against
     * the year by {@link #REAL_DATE_RULE}. Go's time.Parse, which CEL's timestamp() uses, accepts exactly these.
     */
    public static final String RFC3339_STRICT = "^[0-9]{4}-(((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01]))|((0[469]|11)-(0[1-9]|[12][0-9]|30))"
            + "|(02-(0[1-9]|1[0-9]|2[0-9])))T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$";

    private static final String YEAR = "int(self.substring(0, 4))";

    /** A real date: the strict shape, and February 29 only in a leap year. */
    public static final String REAL_DATE_RULE = "self.matches(r'" + RFC3339_STRICT + "') && (!self.matches('^[0-9]{4}-02-29') || ("
            + YEAR + " % 4 == 0 && (" + YEAR + " % 100 != 0 || " + YEAR + " % 400 == 0)))";

    public static final String REAL_DATE_MESSAGE = "must be a real date and time in RFC 3339, e.g. 2026-12-01T00:00:00Z "
            + "(no February 30, no February 29 outside leap years, hours 00 to 23)";

    /** The whole query is made of text that opens no placeholder and of the given placeholders, written exactly. */
    private static final String ONLY_PLACEHOLDERS_PREFIX = "self.matches(r'^([^{]|\\{[^{]|\\{\\{(";
    private static final String ONLY_PLACEHOLDERS_SUFFIX = ")\\}\\})*$')";

    /** FederationCohort gate queries: {{tenants}} {{window}} {{cohort}} {{namespace}}. */
    public static final String COHORT_QUERY_PLACEHOLDERS = ONLY_PLACEHOLDERS_PREFIX + "tenants|window|cohort|namespace" + ONLY_PLACEHOLDERS_SUFFIX;
    public static final String COHORT_QUERY_PLACEHOLDERS_MESSAGE = "may use only the placeholders {{tenants}}, {{window}}, {{cohort}} and "
            + "{{namespace}}, written exactly so (no spaces inside the braces, no other names)";
    public static final String COHORT_QUERY_PER_TENANT = "self.contains('{{tenants}}')";
    public static final String COHORT_QUERY_PER_TENANT_MESSAGE = "must select the enabled tenants with {{tenants}}, "
            + "e.g. tenant=~\"{{tenants}}\"";

    /** PredictiveRollout gate queries, measured per tenant: {{feature}} {{tenant}} {{window}} {{namespace}}. */
    public static final String PREDICTIVE_QUERY_PLACEHOLDERS = ONLY_PLACEHOLDERS_PREFIX + "feature|tenant|window|namespace"
            + ONLY_PLACEHOLDERS_SUFFIX;
    public static final String PREDICTIVE_QUERY_PLACEHOLDERS_MESSAGE = "may use only the placeholders {{feature}}, {{tenant}}, {{window}} "
            + "and {{namespace}}, written exactly so (no spaces inside the braces, no other names)";
    public static final String PER_TENANT = "self.contains('{{tenant}}')";
    public static final String PER_TENANT_MESSAGE = "is measured per tenant and must select one tenant with {{tenant}}, "
            + "e.g. tenant=\"{{tenant}}\"";

    /** MeteringRotation usage and metered queries, per tenant and window: {{tenant}} {{window}}. */
    public static final String METERING_QUERY_PLACEHOLDERS = ONLY_PLACEHOLDERS_PREFIX + "tenant|window" + ONLY_PLACEHOLDERS_SUFFIX;
    public static final String METERING_QUERY_PLACEHOLDERS_MESSAGE = "may use only the placeholders {{tenant}} and {{window}}, written "
            + "exactly so (no spaces inside the braces, no other names)";

    /** SearchSLO ratio queries: {{window}} only. */
    public static final String SLO_QUERY_PLACEHOLDERS = ONLY_PLACEHOLDERS_PREFIX + "window" + ONLY_PLACEHOLDERS_SUFFIX;
    public static final String SLO_QUERY_PLACEHOLDERS_MESSAGE = "may use only the placeholder {{window}}, written exactly so "
            + "(no spaces inside the braces, no other names)";

    /** CacheWarmExperiment queries: {{tenants}} {{range}} {{window}} {{arm}}. */
    public static final String EXPERIMENT_QUERY_PLACEHOLDERS = ONLY_PLACEHOLDERS_PREFIX + "tenants|range|window|arm" + ONLY_PLACEHOLDERS_SUFFIX;
    public static final String EXPERIMENT_QUERY_PLACEHOLDERS_MESSAGE = "may use only the placeholders {{tenants}}, {{range}}, {{window}} "
            + "and {{arm}}, written exactly so (no spaces inside the braces, no other names)";
    public static final String EXPERIMENT_QUERY_PER_TENANT = "self.contains('{{tenants}}')";
    public static final String EXPERIMENT_QUERY_PER_TENANT_MESSAGE = "must select the experiment's tenants with {{tenants}}, "
            + "e.g. tenant=~\"{{tenants}}\"";
}
