package dev.missioncontrol.operator.accessreview;

import dev.missioncontrol.operator.api.v1alpha1.AccessReview;
import dev.missioncontrol.operator.api.v1alpha1.AccessReviewSpec;
import dev.missioncontrol.operator.common.ForeignObjects;
import dev.missioncontrol.operator.common.Labels;
import dev.missioncontrol.operator.signing.SigningConfig;
import dev.missioncontrol.operator.signing.SigningKeys;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The review's recurrence: a CronJob in the operator's namespace that runs `mcctl access-review export` on
 * spec.recurrence as the chart's ServiceAccount ({@link #serviceAccount()}). It lives there, not beside the review, because
 * the job reads the review's signing key (a Secret no tenant may read) and writes the run's index where the operator
 * reads it. An owner reference cannot cross namespaces (the garbage collector would delete the CronJob at once), so
 * this dependent is not garbage-collected: it carries the review's namespace and name in labels (what its informer maps
 * back by; its jobTemplate gives them to every Job, whose outcome is condition LastRunSucceeded) and is deleted by the
 * workflow's cleanup, which the reconciler runs from its finalizer when the review goes.
 */
public class RecurrenceCronJobDependent extends CRUDNoGCKubernetesDependentResource<CronJob, AccessReview> {

    static final String COMPONENT = "access-review-export";
    /**
     * The ServiceAccount the chart ships in the operator's namespace for the export (templates/access-review-exporter.yaml,
     * named after the release, so two releases in one namespace do not collide); the chart passes its name in
     * {@value #SERVICE_ACCOUNT_PROPERTY}. The default is the name under the chart's default release name.
     */
    public static final String SERVICE_ACCOUNT_PROPERTY = "missioncontrol.access-review.service-account";
    public static final String DEFAULT_SERVICE_ACCOUNT = "mission-control-operator-access-review";

    public static String serviceAccount() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getOptionalValue(SERVICE_ACCOUNT_PROPERTY, String.class)
                .filter(s -> !s.isBlank()).orElse(DEFAULT_SERVICE_ACCOUNT);
    }
    public static final String REVIEW_NAMESPACE_LABEL = "missioncontrol.dev/access-review-namespace";
    public static final String REVIEW_NAME_LABEL = "missioncontrol.dev/access-review-name";
    /** Where the job writes each run ({run} is the run's id): an emptyDir, or spec.export.persistentVolumeClaim. */
    public static final String MOUNT = "/export";
    /** mcctl in the operator image, as MeteringRotation's export job runs it (the image has no shell). */
    public static final List<String> MCCTL_COMMAND = List.of("java", "-jar", "/opt/mcctl/mcctl.jar");

    public RecurrenceCronJobDependent() {
        super(CronJob.class);
    }

    /** The CronJob's name: the review's signing purpose (a hash of namespace/name; fits the 52 characters a CronJob allows). */
    public static String name(AccessReview review) {
        return AccessReviewReconciler.purpose(review);
    }

    /** The index ConfigMap of one run, in the operator's namespace ({run} is replaced by mcctl). */
    public static String indexConfigMap(AccessReview review) {
        return name(review) + "-{run}";
    }

    /** The review a CronJob of this component belongs to, from its labels. */
    static Set<ResourceID> review(HasMetadata cronJob) {
        Map<String, String> labels = Optional.ofNullable(cronJob.getMetadata().getLabels()).orElse(Map.of());
        String ns = labels.get(REVIEW_NAMESPACE_LABEL);
        String name = labels.get(REVIEW_NAME_LABEL);
        return ns == null || name == null ? Set.of() : Set.of(new ResourceID(name, ns));
    }

    /**
     * The job's arguments after mcctl's own command (the image runs {@link #MCCTL_COMMAND}); tests and
     * the make-run demo run exactly these as a local process, read from the CronJob.
     */
    public static List<String> args(AccessReview review, String operatorNamespace) {
        AccessReviewSpec spec = review.getSpec();
        List<String> args = new ArrayList<>(List.of("access-review", "export", "--out", MOUNT + "/" + name(review) + "/{run}"));
        if (spec.scope().getNamespaces() != null && !spec.scope().getNamespaces().isEmpty()) {
            args.addAll(List.of("--namespace", String.join(",", spec.scope().getNamespaces())));
        } else {
            args.addAll(List.of("--selector", spec.scope().selector()));
        }
        args.addAll(List.of("--resource", String.join(",", spec.resources()), "--verb", String.join(",", spec.verbs())));
        for (var extra : spec.extraSubjects()) {
            args.addAll(List.of("--extra-subject", extra.user() + "=" + String.join(",", extra.groups())));
        }
        if (spec.includeSystemSubjects()) {
            args.add("--include-system-subjects");
        }
        args.addAll(List.of("--signing-secret", SigningKeys.secretName(AccessReviewReconciler.purpose(review)),
                "--operator-namespace", operatorNamespace,
                "--review", review.getMetadata().getNamespace() + "/" + review.getMetadata().getName(),
                "--index-configmap", operatorNamespace + "/" + indexConfigMap(review),
                "--previous-from-index"));
        return args;
    }

    @Override
    protected CronJob desired(AccessReview review, Context<AccessReview> context) {
        String operatorNamespace = SigningConfig.operatorNamespace();
        var spec = review.getSpec();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", COMPONENT);
        labels.put("app.kubernetes.io/instance", name(review));
        labels.put("app.kubernetes.io/part-of", "mission-control");
        labels.put(Labels.MANAGED_BY, Labels.OPERATOR_NAME);
        labels.put(REVIEW_NAMESPACE_LABEL, review.getMetadata().getNamespace());
        labels.put(REVIEW_NAME_LABEL, review.getMetadata().getName());
        var builder = new CronJobBuilder()
                .withNewMetadata().withName(name(review)).withNamespace(operatorNamespace).withLabels(labels).endMetadata()
                .withNewSpec()
                .withSchedule(spec.recurrence())
                .withConcurrencyPolicy("Forbid")
                .withSuccessfulJobsHistoryLimit(3)
                .withFailedJobsHistoryLimit(5)
                .withNewJobTemplate()
                // its Jobs carry the review's labels too: the operator watches them (LastRunSucceeded) and maps them back by these
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                .withBackoffLimit(2)
                .withNewTemplate()
                .withNewMetadata().withLabels(Map.of("app.kubernetes.io/name", COMPONENT, "app.kubernetes.io/instance", name(review),
                        Labels.MANAGED_BY, Labels.OPERATOR_NAME)).endMetadata()
                .withNewSpec()
                .withServiceAccountName(serviceAccount())
                .withRestartPolicy("Never")
                .withNewSecurityContext().withRunAsNonRoot(true).withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .addNewContainer()
                .withName("export")
                .withImage(spec.export().image())
                .withCommand(MCCTL_COMMAND)
                .withArgs(args(review, operatorNamespace))
                .addNewVolumeMount().withName("export").withMountPath(MOUNT).endVolumeMount()
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                .endContainer();
        String claim = spec.export().getPersistentVolumeClaim();
        var volumes = claim == null
                ? builder.addNewVolume().withName("export").withNewEmptyDir().endEmptyDir().endVolume()
                : builder.addNewVolume().withName("export").withNewPersistentVolumeClaim().withClaimName(claim).endPersistentVolumeClaim().endVolume();
        return volumes.endSpec().endTemplate().endSpec().endJobTemplate().endSpec().build();
    }

    /** As {@code OwnedDependentResource}: never over an object the operator did not create (named in status, retried). */
    @Override
    public CronJob create(CronJob desired, AccessReview primary, Context<AccessReview> context) {
        try {
            return super.create(desired, primary, context);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            var taken = ForeignObjects.notManagedByOperator(context.getClient().resource(desired).get());
            if (taken.isPresent()) {
                throw taken.get();
            }
            throw e;
        }
    }
}
