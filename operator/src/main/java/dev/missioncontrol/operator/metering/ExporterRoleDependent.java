package dev.missioncontrol.operator.metering;

import dev.missioncontrol.operator.api.v1alpha1.MeteringRotation;
import dev.missioncontrol.operator.common.Labels;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import dev.missioncontrol.operator.common.OwnedDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Optional;

/** The exporter may read the signed exports waiting for it and read/update its receipts, nothing else: no Secret. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name=" + ExporterServiceAccountDependent.COMPONENT))
public class ExporterRoleDependent extends OwnedDependentResource<Role, MeteringRotation> {

    @Override
    protected Optional<String> objectName(MeteringRotation mr) {
        return Optional.of(ExporterRbac.serviceAccount(mr));
    }

    @Override
    protected Role desired(MeteringRotation mr, Context<MeteringRotation> context) {
        return new RoleBuilder().withNewMetadata().withName(ExporterRbac.serviceAccount(mr)).withNamespace(mr.getMetadata().getNamespace())
                .withLabels(Labels.of(ExporterServiceAccountDependent.COMPONENT, mr)).endMetadata()
                .addNewRule().withApiGroups("").withResources("configmaps").withResourceNames(PendingExports.name(mr)).withVerbs("get").endRule()
                .addNewRule().withApiGroups("").withResources("configmaps").withResourceNames(ReceiptsConfigMapDependent.name(mr))
                .withVerbs("get", "update", "patch").endRule()
                .build();
    }

    /** Binds the Role to the exporter's ServiceAccount. */
    @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name=" + ExporterServiceAccountDependent.COMPONENT))
    public static class Binding extends OwnedDependentResource<RoleBinding, MeteringRotation> {

        @Override
        protected Optional<String> objectName(MeteringRotation mr) {
            return Optional.of(ExporterRbac.serviceAccount(mr));
        }

        @Override
        protected RoleBinding desired(MeteringRotation mr, Context<MeteringRotation> context) {
            String name = ExporterRbac.serviceAccount(mr);
            return new RoleBindingBuilder().withNewMetadata().withName(name).withNamespace(mr.getMetadata().getNamespace())
                    .withLabels(Labels.of(ExporterServiceAccountDependent.COMPONENT, mr)).endMetadata()
                    .withRoleRef(new RoleRef("rbac.authorization.k8s.io", "Role", name))
                    .addNewSubject().withKind("ServiceAccount").withName(name).withNamespace(mr.getMetadata().getNamespace()).endSubject()
                    .build();
        }
    }
}
