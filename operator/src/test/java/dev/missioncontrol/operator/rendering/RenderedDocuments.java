package dev.missioncontrol.operator.rendering;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.core.json.RenderedJson;
import dev.missioncontrol.operator.testing.Examples;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.BulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Renders the desired object of every dependent of every reconciler (found by their {@code @Workflow}) for every
 * example resource in examples/, and prints one line per object: its name and the sha256 of its content. Maps are
 * printed sorted by key (the API server compares them as maps); every string inside, such as a ConfigMap's document,
 * is compared byte for byte. {@link RenderedDocumentsTest} runs this in several fresh JVMs and compares the output.
 */
public final class RenderedDocuments {

    private static final ObjectMapper SORTED = RenderedJson.compact();

    public static void main(String[] args) throws Exception {
        for (String line : render()) {
            System.out.println(line);
        }
    }

    /** One dependent's desired object for one primary. */
    record Rendered(HasMetadata primary, Object dependent, Object key, Object object) {
    }

    static List<String> render() throws Exception {
        List<String> lines = new ArrayList<>();
        for (Rendered r : renderAll()) {
            String json = SORTED.writeValueAsString(SORTED.readTree(SORTED.writeValueAsString(r.object())));
            lines.add(r.primary().getClass().getSimpleName() + "/" + r.primary().getMetadata().getName() + " "
                    + r.dependent().getClass().getSimpleName() + (r.key() == null ? "" : "[" + r.key() + "]") + " " + sha256(json));
        }
        return lines;
    }

    /** Every dependent's desired objects for every example primary, in a stable order (bulk dependents' by key). */
    static List<Rendered> renderAll() throws Exception {
        List<HasMetadata> examples = examples();
        List<Rendered> out = new ArrayList<>();
        for (Class<?> reconciler : reconcilers()) {
            Class<?> primaryType = primaryType(reconciler);
            List<HasMetadata> primaries = examples.stream().filter(primaryType::isInstance).toList();
            if (primaries.isEmpty()) {
                throw new IllegalStateException("examples/ has no " + primaryType.getSimpleName() + " to render "
                        + reconciler.getSimpleName() + "'s dependents with");
            }
            for (Dependent dependent : reconciler.getAnnotation(Workflow.class).dependents()) {
                var instance = dependent.type().getDeclaredConstructor().newInstance();
                if (instance instanceof BulkDependentResource<?, ?, ?> bulk) {
                    // one object per key (the warmer CronJob of each arm): each rendered on its own line
                    for (HasMetadata primary : primaries) {
                        var objects = desiredResources(bulk, primary, context(primary, examples));
                        for (var entry : new TreeMap<>(objects.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                                x -> String.valueOf(x.getKey()), Map.Entry::getValue))).entrySet()) {
                            out.add(new Rendered(primary, instance, entry.getKey(), entry.getValue()));
                        }
                    }
                    continue;
                }
                Method desired = desiredMethod(dependent.type());
                for (HasMetadata primary : primaries) {
                    Context<?> context = context(primary, examples);
                    Object object;
                    try {
                        object = desired.invoke(instance, primary, context);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        if (!applies(dependent, instance, primary, context)) {
                            continue; // the workflow would not build it for this resource (a drill CronJob without a rehearsal)
                        }
                        throw e;
                    }
                    out.add(new Rendered(primary, instance, null, object));
                }
            }
        }
        return out;
    }

    /** Classes annotated {@code @Workflow} among the operator's compiled classes. */
    static List<Class<?>> reconcilers() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(dev.missioncontrol.operator.status.Readiness.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith("Reconciler.class")).sorted().toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name);
                if (c.isAnnotationPresent(Workflow.class)) {
                    found.add(c);
                }
            }
        }
        return found;
    }

    private static Class<?> primaryType(Class<?> reconciler) {
        for (var type : reconciler.getGenericInterfaces()) {
            if (type instanceof ParameterizedType p && p.getRawType() == Reconciler.class) {
                return (Class<?>) p.getActualTypeArguments()[0];
            }
        }
        throw new IllegalStateException(reconciler + " implements no Reconciler<P>");
    }

    /**
     * Whether the workflow would reconcile this dependent for this primary: its precondition and activation condition,
     * where they can be judged from the resource alone (one that asks the cluster, such as whether the PrometheusRule
     * CRD is installed, counts as met). Asked only when the desired state cannot be built: a dependent that can be
     * rendered is compared even when a fresh resource's status does not yet call for it.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean applies(Dependent dependent, Object instance, HasMetadata primary, Context<?> context) throws Exception {
        for (Class<? extends Condition> type : List.of(dependent.reconcilePrecondition(), dependent.activationCondition())) {
            if (type.isInterface()) {
                continue;
            }
            var constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            Condition condition = constructor.newInstance();
            try {
                if (!condition.isMet((DependentResource) instance, primary, (Context) context)) {
                    return false;
                }
            } catch (UnsupportedOperationException needsTheCluster) {
                // judged by the cluster, not by the resource
            }
        }
        return true;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<?, ?> desiredResources(BulkDependentResource bulk, HasMetadata primary, Context<?> context) {
        return bulk.desiredResources(primary, (Context) context);
    }

    private static Method desiredMethod(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals("desired") && m.getParameterCount() == 2 && !m.isBridge()) {
                    m.setAccessible(true);
                    return m;
                }
            }
        }
        throw new IllegalStateException(type + " has no desired(primary, context)");
    }

    /** A context that answers only what a desired state may ask: a secondary resource, from the examples. */
    private static Context<?> context(HasMetadata primary, List<HasMetadata> examples) {
        return (Context<?>) Proxy.newProxyInstance(RenderedDocuments.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getSecondaryResource") && args.length == 1 && args[0] instanceof Class<?> c) {
                        return examples.stream().filter(c::isInstance)
                                .filter(e -> e.getMetadata().getNamespace().equals(primary.getMetadata().getNamespace()))
                                .findFirst();
                    }
                    if (method.getName().equals("getSecondaryResources") && args.length == 1 && args[0] instanceof Class<?> c) {
                        return new java.util.HashSet<>(examples.stream().filter(c::isInstance).toList());
                    }
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "RenderedDocuments.context" : method.invoke(primary, args);
                    }
                    throw new UnsupportedOperationException("the rendering context has no " + method.getName()
                            + ": make " + primary.getKind() + "'s desired state need less, or teach RenderedDocuments");
                });
    }

    /** Every custom resource in examples/, as its Java type, with the uid and generation the API server would give. */
    private static List<HasMetadata> examples() throws IOException {
        var serialization = new KubernetesSerialization();
        Map<String, Class<? extends HasMetadata>> kinds = new LinkedHashMap<>();
        try {
            for (Class<?> r : reconcilers()) {
                @SuppressWarnings("unchecked")
                var type = (Class<? extends HasMetadata>) primaryType(r);
                kinds.put(HasMetadata.getKind(type), type);
            }
        } catch (URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        kinds.put("MarketplaceSource", dev.missioncontrol.operator.api.v1alpha1.MarketplaceSource.class);
        List<HasMetadata> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(Examples.DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (String doc : Files.readString(f, StandardCharsets.UTF_8).split("(?m)^---\\s*$")) {
                    if (doc.isBlank()) {
                        continue;
                    }
                    Map<?, ?> generic = serialization.unmarshal(doc, TreeMap.class);
                    Class<? extends HasMetadata> type = generic == null ? null : kinds.get(String.valueOf(generic.get("kind")));
                    if (type != null) {
                        HasMetadata item = serialization.unmarshal(doc, type);
                        item.getMetadata().setUid("uid-" + item.getMetadata().getName());
                        item.getMetadata().setGeneration(1L);
                        // A later file may apply the same resource again (a decision added): the later one counts.
                        out.removeIf(e -> e.getKind().equals(item.getKind()) && e.getMetadata().getName().equals(item.getMetadata().getName())
                                && e.getMetadata().getNamespace().equals(item.getMetadata().getNamespace()));
                        out.add(item);
                    }
                }
            }
        }
        return out;
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private RenderedDocuments() {
    }
}
