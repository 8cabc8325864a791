package dev.missioncontrol.operator.runtime;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.Controller;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * SIGTERM: stop taking events, then let the reconciliations in flight finish (their status writes included) before
 * QOSDK stops the operator and closes the client. Needed because JOSDK 5.2's Operator.stop() waits
 * reconciliationTerminationTimeout, which QOSDK 7.4 leaves at zero (its termination-timeout-seconds only installs a
 * second JVM shutdown hook that races Quarkus's own shutdown and closes the client under a running reconciliation).
 */
@Singleton
public class GracefulShutdown {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);

    @Inject
    Operator operator;

    @ConfigProperty(name = "missioncontrol.shutdown.reconciliation-timeout", defaultValue = "25s")
    Duration timeout;

    /** Runs before QOSDK's own ShutdownEvent observer (default priority) stops the operator. */
    void onShutdown(@Observes @Priority(2) ShutdownEvent event) throws InterruptedException {
        if (!operator.getRuntimeInfo().isStarted()) {
            return;
        }
        LOG.infof("shutdown: no new reconciliations; waiting up to %s for those in flight", timeout);
        for (var controller : operator.getRegisteredControllers()) {
            if (controller instanceof Controller<?> c) {
                c.stop(); // informers and event processing: no new reconciliation starts
            }
        }
        var reconcilers = operator.getConfigurationService().getExecutorServiceManager().reconcileExecutorService();
        reconcilers.shutdown();
        long start = System.nanoTime();
        if (reconcilers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.infof("shutdown: reconciliations in flight finished in %d ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } else {
            LOG.warnf("shutdown: reconciliations still running after %s; they are cut short (the next leader resumes from status)", timeout);
        }
    }
}
