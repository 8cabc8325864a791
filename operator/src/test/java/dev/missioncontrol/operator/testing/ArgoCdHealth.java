package dev.missioncontrol.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * The Argo CD health checks in deploy/argocd/health, run by a Lua interpreter (LuaJ) as Argo CD runs them (it uses
 * gopher-lua, Lua 5.1; the scripts use nothing newer): the resource as the global {@code obj}, the script's value the health.
 */
public final class ArgoCdHealth {

    public static final Path DIR = Path.of("..", "deploy", "argocd", "health", "missioncontrol.dev");
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Health(String status, String message) {
    }

    private ArgoCdHealth() {
    }

    /** Runs KIND's health.lua as Argo CD does: the resource as the global {@code obj}, the script's value the health. */
    public static Health run(String kind, Object resource) throws IOException {
        JsonNode json = resource instanceof HasMetadata ? JSON.readTree(new KubernetesSerialization().asJson(resource)) : JSON.valueToTree(resource);
        Globals globals = JsePlatform.standardGlobals();
        globals.set("obj", lua(json));
        LuaValue hs = globals.load(Files.readString(DIR.resolve(kind).resolve("health.lua")), kind + "/health.lua").call();
        return new Health(hs.get("status").tojstring(), hs.get("message").isnil() ? null : hs.get("message").tojstring());
    }

    /** JSON as Argo CD hands it to Lua: objects and arrays as tables (arrays from 1), every number a float64. */
    static LuaValue lua(JsonNode node) {
        if (node.isObject()) {
            LuaTable table = new LuaTable();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                var field = it.next();
                if (!field.getValue().isNull()) {
                    table.set(field.getKey(), lua(field.getValue()));
                }
            }
            return table;
        }
        if (node.isArray()) {
            LuaTable table = new LuaTable();
            for (int i = 0; i < node.size(); i++) {
                table.set(i + 1, lua(node.get(i)));
            }
            return table;
        }
        if (node.isNumber()) {
            return LuaValue.valueOf(node.asDouble());
        }
        if (node.isBoolean()) {
            return LuaValue.valueOf(node.asBoolean());
        }
        return node.isNull() ? LuaValue.NIL : LuaValue.valueOf(node.asText());
    }
}
