package dev.missioncontrol.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Optional;

/**
 * What every dependent of the operator extends: a CRUD dependent that never writes to an object it did not create.
 * Its informer sees only objects labelled as the operator's, so JOSDK creates whenever none is cached; when that create
 * fails with 409, the object is read once: if it is not this primary's (someone else's object at the name), the
 * reconciliation fails with {@link ObjectNameTakenException}, which status names (reason ObjectNameTaken) and which is
 * retried with back-off, so the operator creates its own once the object is gone. A 409 for the primary's own object is
 * a race with the informer, left to the routine conflict handling.
 *
 * <p>Its informer caches of each object's managedFields only the operator's own entries
 * ({@link ProjectedCaches#ownManagedFieldsOnly}), which is all the server-side-apply comparison reads
 * (docs/operations.md#memory).
 */
public abstract class OwnedDependentResource<R extends HasMetadata, P extends HasMetadata>
        extends CRUDKubernetesDependentResource<R, P> {

    /** For a subclass that names its resource type through its generic superclass. */
    protected OwnedDependentResource() {
        super();
    }

    protected OwnedDependentResource(Class<R> resourceType) {
        super(resourceType);
    }

    @Override
    protected InformerEventSourceConfiguration.Builder<R> informerConfigurationBuilder(EventSourceContext<P> context) {
        var builder = super.informerConfigurationBuilder(context);
        ProjectedCaches.<R>store(context, ProjectedCaches.ownManagedFieldsOnly(context.getControllerConfiguration().fieldManager()))
                .ifPresent(builder::withItemStore);
        return builder;
    }

    /**
     * The name of this primary's object (in the primary's namespace), known without rendering it. Every dependent with one
     * object per primary declares it (RenderedDocumentsTest checks it names the object {@code desired} renders): JOSDK
     * otherwise renders the whole desired object only to learn its name, each time it looks the object up among the
     * primary's objects of that type (several ConfigMaps per cohort). make bench's profile found a cohort's alert-rule
     * file rendered three times per reconciliation, a sixth of the operator's CPU.
     */
    protected Optional<String> objectName(P primary) {
        return Optional.empty();
    }

    @Override
    protected ResourceID targetSecondaryResourceID(P primary, Context<P> context) {
        return objectName(primary).map(name -> new ResourceID(name, primary.getMetadata().getNamespace()))
                .orElseGet(() -> super.targetSecondaryResourceID(primary, context));
    }

    @Override
    public R create(R desired, P primary, Context<P> context) {
        try {
            return super.create(desired, primary, context);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            R existing = context.getClient().resource(desired).get();
            var taken = ForeignObjects.notOwnedBy(existing, primary, ForeignObjects.selectorLabels(desired));
            if (taken.isPresent()) {
                throw taken.get();
            }
            throw e;
        }
    }
}
