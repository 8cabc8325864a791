package dev.missioncontrol.operator.xai;

import dev.missioncontrol.core.json.RenderedJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.missioncontrol.operator.api.v1alpha1.ExplanationExport;
import java.util.List;

/**
 * Where the exporter's files live in its pod, and its configuration file: pure, shared by the ConfigMap and Deployment
 * dependents. The source claim is mounted at {@value #DATA}; the exporter follows {@code <path>} in it and keeps its
 * ledger and dead letters beside it, under {@code .exporter/<name>/}, so both survive a restart of the pod.
 */
public final class ExporterDeployment {

    public static final String DATA = "/var/lib/xai";
    public static final String CONFIG_DIR = "/etc/xai";
    public static final String CONFIG_FILE = "exporter.json";
    public static final int METRICS_PORT = 9464;
    /** mcctl in the operator image (image/pom.xml puts it there; `java` is on the image's PATH). */
    public static final List<String> COMMAND = List.of("java", "-jar", "/opt/mcctl/mcctl.jar");
    static final ObjectMapper JSON = RenderedJson.indented();

    private ExporterDeployment() {
    }

    public static String name(ExplanationExport x) {
        return x.getMetadata().getName() + "-exporter";
    }

    public static List<String> args() {
        return List.of("xai", "export", "--config", CONFIG_DIR + "/" + CONFIG_FILE);
    }

    public static String configJson(ExplanationExport x) {
        var spec = x.getSpec();
        var retry = spec.retry();
        String work = DATA + "/.exporter/" + x.getMetadata().getName();
        ObjectNode n = JSON.createObjectNode();
        n.put("sourceDir", DATA + "/" + spec.getSource().path());
        n.put("sinkUrl", spec.getSink().getUrl());
        n.put("stateDir", work + "/state");
        n.put("deadLetterDir", work + "/dead-letter");
        n.put("metricsAddress", "0.0.0.0:" + METRICS_PORT);
        var tenants = n.putArray("tenants");
        spec.getTenants().forEach(tenants::add);
        var r = n.putObject("retry");
        r.put("initial", retry.initial());
        r.put("max", retry.max());
        r.put("total", retry.total());
        n.put("attemptTimeout", spec.getSink().timeout());
        n.put("maxEventBytes", spec.getSink().maxEventBytes());
        n.put("exportName", ExporterCounters.exportLabel(x));
        try {
            return JSON.writeValueAsString(n) + "\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
