package dev.missioncontrol.operator.federation;

import dev.missioncontrol.operator.api.v1alpha1.FederationCohort;
import dev.missioncontrol.operator.common.Labels;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import dev.missioncontrol.operator.common.OwnedDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;
import java.util.Optional;

/**
 * The federated search gateway. The plan is mounted from a ConfigMap and read by the gateway at
 * runtime, so a plan change (or, later, a fallback) does not roll the pods.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR + ",app.kubernetes.io/name=" + SearchDeploymentDependent.COMPONENT))
public class SearchDeploymentDependent extends OwnedDependentResource<Deployment, FederationCohort> {

    static final String COMPONENT = "federation-gateway";
    static final String PLAN_MOUNT_PATH = "/etc/federation";
    static final int HTTP_PORT = 8080;

    public static String name(FederationCohort cohort) {
        return cohort.getMetadata().getName() + "-gateway";
    }

    @Override
    protected Optional<String> objectName(FederationCohort cohort) {
        return Optional.of(name(cohort));
    }

    @Override
    protected Deployment desired(FederationCohort cohort, Context<FederationCohort> context) {
        var search = cohort.getSpec().getSearch();
        int replicas = search.replicas();
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(name(cohort))
                .withNamespace(cohort.getMetadata().getNamespace())
                .withLabels(Labels.of(COMPONENT, cohort))
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector().withMatchLabels(Labels.selector(COMPONENT, cohort)).endSelector()
                .withNewStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(0))
                .withMaxSurge(new IntOrString(1))
                .endRollingUpdate()
                .endStrategy()
                .withNewTemplate()
                .withNewMetadata().withLabels(Labels.of(COMPONENT, cohort)).endMetadata()
                .withNewSpec()
                .withAutomountServiceAccountToken(false)
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .addNewContainer()
                .withName("gateway")
                .withImage(search.getImage())
                .addNewPort().withName("http").withContainerPort(HTTP_PORT).withProtocol("TCP").endPort()
                .addNewEnv().withName("FEDERATION_PLAN").withValue(PLAN_MOUNT_PATH + "/" + FederationPlan.FILE_NAME).endEnv()
                .addNewEnv().withName("FEDERATION_COHORT").withValue(cohort.getMetadata().getName()).endEnv()
                .addNewVolumeMount().withName("plan").withMountPath(PLAN_MOUNT_PATH).withReadOnly(true).endVolumeMount()
                .withNewReadinessProbe()
                .withNewHttpGet().withPath("/healthz").withPort(new IntOrString("http")).endHttpGet()
                .withPeriodSeconds(10)
                .endReadinessProbe()
                .withNewResources()
                .withRequests(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("128Mi")))
                .withLimits(Map.of("memory", new Quantity("512Mi")))
                .endResources()
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .endContainer()
                .addNewVolume()
                .withName("plan")
                // Only the gateway's plan is mounted; sources.json (which names blocked sources) is not.
                .withNewConfigMap().withName(FederationPlanConfigMapDependent.name(cohort))
                .addNewItem().withKey(FederationPlan.FILE_NAME).withPath(FederationPlan.FILE_NAME).endItem()
                .endConfigMap()
                .endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}
