package dev.missioncontrol.operator.runtime;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: every controller's informers have synced (the operator has started) and their watches are current, so
 * the leader can act (and a follower could take over). It replaces QOSDK's check (disabled in application.properties),
 * which was DOWN whenever any informer was between two watches: the API server closes every watch after its request
 * timeout, so in a quiet hour 7.5 % of probes answered 503 while nothing was wrong. Here a watch reconnecting is named
 * in the data and stays UP for {@code missioncontrol.health.watch-reconnect-grace}; an informer out of its watch for
 * longer (the API server gone) is DOWN. A follower is ready too: with the chart's two replicas a Deployment whose
 * follower were never ready would never finish rolling out.
 */
@Readiness
@ApplicationScoped
public class OperatorReadinessCheck implements HealthCheck {

    static final String NAME = "Mission Control operator readiness";

    @Inject
    Operator operator;

    @Inject
    LeaderElection leaderElection;

    private final WatchGrace watches;

    @Inject
    public OperatorReadinessCheck(
            @ConfigProperty(name = "missioncontrol.health.watch-reconnect-grace", defaultValue = "15s") Duration grace) {
        this.watches = new WatchGrace(grace);
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named(NAME);
        if (!operator.getRuntimeInfo().isStarted()) {
            return response.down().withData("operator", "starting: informers syncing").build();
        }
        Map<String, Boolean> watching = new LinkedHashMap<>();
        Map<String, String> controllerOf = new TreeMap<>();
        for (var controller : operator.getRuntimeInfo().getRegisteredControllers()) {
            String name = controller.getConfiguration().getName();
            controller.getControllerHealthInfo().informerEventSourceHealthIndicators().forEach((source, wrapper) -> {
                Map<String, InformerHealthIndicator> perNamespace = wrapper.informerHealthIndicators();
                perNamespace.forEach((namespace, informer) -> {
                    String id = name + "/" + source + (namespace == null || namespace.isBlank() ? "" : "@" + namespace);
                    watching.put(id, informer.isRunning() && informer.isWatching());
                    controllerOf.put(id, name);
                });
            });
        }
        var verdict = watches.observe(watching, Instant.now());
        Map<String, String> data = new TreeMap<>();
        controllerOf.values().forEach(c -> data.put(c, "OK"));
        verdict.reconnecting().forEach((id, out) -> data.merge(controllerOf.get(id), id, OperatorReadinessCheck::outOfWatch));
        verdict.notWatching().forEach((id, out) -> data.merge(controllerOf.get(id), id, OperatorReadinessCheck::outOfWatch));
        data.forEach(response::withData);
        if (!verdict.reconnecting().isEmpty()) {
            response.withData("reconnecting", "within " + watches.grace().toSeconds() + " s: " + WatchGrace.names(verdict.reconnecting()));
        }
        response.withData("leaderElection", leaderElection.role());
        if (!verdict.ready()) {
            return response.down().withData("notWatching", "for more than " + watches.grace().toSeconds() + " s: "
                    + WatchGrace.names(verdict.notWatching())).build();
        }
        return response.up().build();
    }

    /** A controller's entry: "OK" until one of its informers is out of its watch, then the informers that are. */
    private static String outOfWatch(String current, String id) {
        return "OK".equals(current) ? "watch closed: " + id : current + ", " + id;
    }
}
