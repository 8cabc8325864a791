package dev.missioncontrol.operator.runtime;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Leader election through a coordination.k8s.io Lease, so that of several replicas exactly one reconciles.
 * QOSDK asks for a {@link LeaderElectionConfiguration} bean when the process runs in the prod profile; this
 * producer answers null (no leader election) unless {@code missioncontrol.leader-election.enabled} is true,
 * so `make run` and the in-process tests keep a single operator without a Lease.
 * <p>
 * Followers start their informers and sync their caches (and so are ready) but process no events; when the
 * leader stops renewing, one of them takes the Lease and starts processing from the synced caches.
 * <p>
 * A leader that cannot renew the Lease within the renew deadline halts at once, before the Lease can expire for
 * the others, so two replicas never reconcile together; Kubernetes restarts it and it rejoins as a follower. Halting
 * is what a SIGKILL does, which the reconcilers already survive (they resume from status). JOSDK's own
 * exitOnStopLeading is not used: it calls System.exit from the stop path too, and on SIGTERM that call blocks
 * forever inside the JVM's shutdown, so the pod would only die at the end of its grace period.
 */
@Singleton
public class LeaderElection {

    private static final Logger LOG = Logger.getLogger(LeaderElection.class);
    private volatile boolean shuttingDown;
    private volatile boolean enabled;
    private volatile boolean leading;

    public static final String LEASE_NAME = "mission-control-operator";

    @Produces
    @Dependent
    @Unremovable
    LeaderElectionConfiguration leaderElection(
            @ConfigProperty(name = "missioncontrol.leader-election.enabled", defaultValue = "false") boolean enabled,
            @ConfigProperty(name = "missioncontrol.leader-election.lease-name", defaultValue = LEASE_NAME) String leaseName,
            @ConfigProperty(name = "missioncontrol.leader-election.lease-namespace") Optional<String> leaseNamespace,
            @ConfigProperty(name = "missioncontrol.leader-election.identity") Optional<String> identity,
            @ConfigProperty(name = "missioncontrol.leader-election.lease-duration", defaultValue = "8s") Duration leaseDuration,
            @ConfigProperty(name = "missioncontrol.leader-election.renew-deadline", defaultValue = "6s") Duration renewDeadline,
            @ConfigProperty(name = "missioncontrol.leader-election.retry-period", defaultValue = "1s") Duration retryPeriod) {
        this.enabled = enabled;
        if (!enabled) {
            return null;
        }
        if (!renewDeadline.minus(leaseDuration).isNegative() || !retryPeriod.minus(renewDeadline).isNegative()) {
            throw new IllegalArgumentException("leader election needs retry-period < renew-deadline < lease-duration, got "
                    + retryPeriod + ", " + renewDeadline + ", " + leaseDuration);
        }
        var builder = LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(leaseName)
                .withIdentity(identity.filter(s -> !s.isBlank()).orElseGet(LeaderElection::defaultIdentity))
                .withLeaseDuration(leaseDuration)
                .withRenewDeadline(renewDeadline)
                .withRetryPeriod(retryPeriod)
                .withLeaderCallbacks(new LeaderCallbacks(() -> leading = true, this::stoppedLeading, leader -> {
                }))
                .withExitOnStopLeading(false);
        // Without a namespace JOSDK takes the client's: the service account's namespace in a pod.
        leaseNamespace.filter(s -> !s.isBlank()).ifPresent(builder::withLeaseNamespace);
        return builder.build();
    }

    /** Before QOSDK stops the operator: from here on, giving up the Lease is the orderly end, not a loss. */
    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        shuttingDown = true;
    }

    /** For readiness's data: off, leading, or following (ready to take over). */
    public String role() {
        return !enabled ? "off" : leading ? "leading" : "following: caches synced, ready to take over";
    }

    private void stoppedLeading() {
        leading = false;
        if (shuttingDown) {
            LOG.info("stopped leading: shutting down");
            return;
        }
        LOG.error("lost the leader Lease (not renewed within the renew deadline): halting so that only the new leader reconciles");
        Runtime.getRuntime().halt(1);
    }

    /**
     * POD_NAME (the chart sets it from the downward API) is unique among replicas. Without it, the hostname plus a
     * random suffix: two processes on one machine share a hostname, and two candidates with one identity would
     * both believe they lead.
     */
    static String defaultIdentity() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "mission-control-operator";
            }
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
