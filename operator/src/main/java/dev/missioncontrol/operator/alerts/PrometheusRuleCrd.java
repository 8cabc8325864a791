package dev.missioncontrol.operator.alerts;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelectorBuilder;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.stream.Collectors;

/**
 * Whether the Prometheus Operator's PrometheusRule CRD is installed, from a watch on that one CRD: installing
 * or removing it wakes every resource, which then moves its alert rules between a PrometheusRule and the
 * rule-file ConfigMap. No polling, and no informer on PrometheusRules while the CRD is absent (it would fail).
 */
public final class PrometheusRuleCrd {

    public static final String NAME = "prometheusrules.monitoring.coreos.com";
    public static final String EVENT_SOURCE = "prometheusrule-crd";

    private PrometheusRuleCrd() {
    }

    /** The watch on the CRD; every reconciler that owns alert rules registers one. */
    public static <P extends HasMetadata> InformerEventSource<CustomResourceDefinition, P> eventSource(EventSourceContext<P> context) {
        var config = InformerEventSourceConfiguration.from(CustomResourceDefinition.class, context.getPrimaryResourceClass())
                .withName(EVENT_SOURCE)
                .withWatchAllNamespaces()
                .withFollowControllerNamespacesChanges(false)
                .withFieldSelector(new FieldSelectorBuilder().withField("metadata.name", NAME).build())
                .withSecondaryToPrimaryMapper(crd -> context.getPrimaryCache().list().map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
                .build();
        return new InformerEventSource<>(config, context);
    }

    @SuppressWarnings("unchecked")
    public static boolean installed(Context<? extends HasMetadata> context) {
        var source = (InformerEventSource<CustomResourceDefinition, ?>) context.eventSourceRetriever()
                .getEventSourceFor(CustomResourceDefinition.class, EVENT_SOURCE);
        return source.get(new ResourceID(NAME)).filter(PrometheusRuleCrd::established).isPresent();
    }

    /**
     * Whether the API server serves the CRD: its Established condition is True. A CRD that was just created has a
     * status without conditions (or no status) until the API server has accepted its names; that is "not yet".
     */
    static boolean established(CustomResourceDefinition crd) {
        var status = crd.getStatus();
        return status != null && status.getConditions() != null && status.getConditions().stream()
                .anyMatch(c -> c != null && "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Activation condition of the PrometheusRule dependents: its informer exists only while the CRD does. */
    public static class Installed<R, P extends HasMetadata> implements Condition<R, P> {
        @Override
        public boolean isMet(DependentResource<R, P> dependentResource, P primary, Context<P> context) {
            return installed(context);
        }
    }

    /** Reconcile precondition of the rule-file ConfigMaps: they exist only while the CRD does not (and are deleted after). */
    public static class Absent<R, P extends HasMetadata> implements Condition<R, P> {
        @Override
        public boolean isMet(DependentResource<R, P> dependentResource, P primary, Context<P> context) {
            return !installed(context);
        }
    }
}
