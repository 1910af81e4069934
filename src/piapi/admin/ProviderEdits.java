package piapi.admin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import piapi.yaml.YamlEmitter;
import piapi.yaml.YamlMapping;
import piapi.yaml.YamlNode;

/**
 * Providers and their services through the admin API, each change one conditional write of the config:
 * <ul>
 * <li>{@code POST /providers} {@code {"name":…,"api_keys":{"main":{"value":…}},"services":[{"type":…,"base_url":…,"auth":{…}}]}};</li>
 * <li>{@code PUT /providers/{name}} {@code {"name":…}}: renames it, and every route that uses it;</li>
 * <li>{@code DELETE /providers/{name}}: refused (409) while a route uses it;</li>
 * <li>{@code PUT /providers/{name}/services/{type}} {@code {"base_url":…,"auth":{"mode":…,"name":…,"prefix":…}}}
 *     adds or replaces a service; {@code DELETE} removes it, refused while a route uses it.</li>
 * </ul>
 * Keys are {@link KeyEdits}'. Every write needs {@code If-Match}.
 */
final class ProviderEdits {
    private final ConfigEditor editor;

    private ProviderEdits(ConfigEditor editor) {
        this.editor = editor;
    }

    static void register(AdminApi api, ConfigEditor editor) {
        ProviderEdits e = new ProviderEdits(editor);
        api.on("POST", "/providers", e::create)
                .on("PUT", "/providers/{name}", e::rename)
                .on("DELETE", "/providers/{name}", e::delete)
                .on("PUT", "/providers/{name}/services/{type}", e::setService)
                .on("DELETE", "/providers/{name}/services/{type}", e::deleteService);
    }

    private void create(AdminRequest r) throws IOException {
        YamlMapping provider = EditInput.fromBody(r, in -> provider(in, in.name("name")));
        if (provider == null) return;
        String name = ConfigTree.text(provider.get("name"));
        editor.edit(r, "provider_create", "create provider " + name, root -> NamedList.PROVIDERS.add(root, name, () -> provider),
                w -> w.field("provider", name));
    }

    private static YamlMapping provider(JsonInput in, String name) throws Refusal {
        Map<String, Object> keys = in.members("api_keys");
        if (keys.isEmpty()) throw Refusal.badRequest("api_keys must name at least one key: {\"main\": {\"value\": \"sk-…\"}}");
        JsonInput keyObjects = in.object("api_keys");
        List<YamlMapping.Entry> keyEntries = new ArrayList<>();
        for (String keyName : keys.keySet()) {
            String k = KeyEdits.keyName(keyName);
            JsonInput value = keyObjects.object(keyName);
            if (value == null) throw Refusal.badRequest("api_keys." + k + " must be {\"value\": …} or {\"env\": …}");
            keyEntries.add(ConfigTree.entry(k, KeyEdits.secret(value)));
        }
        List<JsonInput> services = in.objects("services");
        if (services.isEmpty()) throw Refusal.badRequest("services must list at least one service: [{\"type\":…,\"base_url\":…}]");
        List<YamlNode> serviceNodes = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (JsonInput s : services) {
            String type = JsonInput.serviceType("type", s.name("type"));
            if (types.contains(type)) throw Refusal.badRequest("service '" + type + "' is listed twice");
            types.add(type);
            serviceNodes.add(service(type, s));
        }
        return YamlEmitter.mapping(List.of(ConfigTree.entry("name", YamlEmitter.text(name)),
                ConfigTree.entry("apiKeys", YamlEmitter.mapping(keyEntries)), ConfigTree.entry("services", YamlEmitter.sequence(serviceNodes))));
    }

    /** A service as config.yaml writes it; no auth block means the default (Authorization: Bearer). */
    private static YamlMapping service(String type, JsonInput s) throws Refusal {
        List<YamlMapping.Entry> e = new ArrayList<>(List.of(ConfigTree.entry("type", YamlEmitter.text(type)),
                ConfigTree.entry("baseUrl", YamlEmitter.text(s.name("base_url")))));
        JsonInput auth = s.object("auth");
        if (auth != null) {
            List<YamlMapping.Entry> a = new ArrayList<>();
            String mode = auth.optionalText("mode");
            if (mode != null && !mode.isEmpty()) {
                if (!mode.equals("header") && !mode.equals("query")) throw Refusal.badRequest("auth.mode must be header or query");
                a.add(ConfigTree.entry("mode", YamlEmitter.text(mode)));
            }
            String name = auth.optionalText("name");
            if (name != null && !name.isEmpty()) a.add(ConfigTree.entry("name", YamlEmitter.text(JsonInput.checkName("auth.name", name))));
            String prefix = auth.rawText("prefix");
            if (prefix != null) a.add(ConfigTree.entry("prefix", YamlEmitter.text(prefix)));
            if (!a.isEmpty()) e.add(ConfigTree.entry("auth", YamlEmitter.mapping(a)));
        }
        return YamlEmitter.mapping(e);
    }

    private void rename(AdminRequest r) throws IOException {
        String name = r.pathParam("name");
        String to = EditInput.fromBody(r, in -> in.name("name"));
        if (to == null) return;
        editor.edit(r, "provider_rename", "rename provider " + name + " to " + to, root -> {
            YamlMapping renamed = NamedList.PROVIDERS.rename(root, name, to);
            if (to.equals(name)) return renamed;
            return RouteRefs.rewrite(renamed, ref -> ref.provider().equals(name)
                    ? new RouteRefs.Ref(ref.user(), ref.serviceType(), to, ref.key()) : ref);
        }, w -> w.field("provider", to));
    }

    private void delete(AdminRequest r) throws IOException {
        String name = r.pathParam("name");
        editor.edit(r, "provider_delete", "delete provider " + name, root -> {
            NamedList.PROVIDERS.indexOf(root, name); // an unknown provider is 404, before any route is looked at
            RouteRefs.refuseWhileUsed(root, "provider_in_use", "provider '" + name + "'", ref -> ref.provider().equals(name));
            return NamedList.PROVIDERS.remove(root, name);
        }, w -> w.field("provider", name));
    }

    private void setService(AdminRequest r) throws IOException {
        String name = r.pathParam("name");
        String type = EditInput.fromPath(r, () -> JsonInput.serviceType("service type", r.pathParam("type")));
        if (type == null) return;
        YamlMapping service = EditInput.fromBody(r, in -> service(type, in));
        if (service == null) return;
        editor.edit(r, "service_set", "set service " + name + "/" + type, root -> NamedList.PROVIDERS.edit(root, name, p -> {
            List<YamlNode> services = new ArrayList<>(ConfigTree.items(p, "services"));
            int s = indexByType(services, type);
            if (s >= 0) services.set(s, service);
            else services.add(service);
            return ConfigTree.withItems(p, "services", services);
        }), w -> w.field("provider", name).field("service_type", type));
    }

    private void deleteService(AdminRequest r) throws IOException {
        String name = r.pathParam("name");
        String type = r.pathParam("type");
        editor.edit(r, "service_delete", "remove service " + name + "/" + type, root -> {
            List<YamlNode> services = new ArrayList<>(ConfigTree.items(NamedList.PROVIDERS.get(root, name), "services"));
            int s = indexByType(services, type);
            if (s < 0) throw Refusal.notFound("provider '" + name + "' has no service '" + type + "'");
            RouteRefs.refuseWhileUsed(root, "service_in_use", "service '" + type + "' of provider '" + name + "'",
                    ref -> ref.provider().equals(name) && ref.serviceType().equals(type));
            if (services.size() == 1) throw Refusal.conflict("last_service", "this is the provider's only service; delete the provider instead");
            services.remove(s);
            return NamedList.PROVIDERS.edit(root, name, p -> ConfigTree.withItems(p, "services", services));
        }, w -> w.field("provider", name).field("service_type", type));
    }

    private static int indexByType(List<YamlNode> services, String type) {
        for (int i = 0; i < services.size(); i++) {
            if (services.get(i) instanceof YamlMapping m && type.equals(ConfigTree.text(m.get("type")))) return i;
        }
        return -1;
    }
}
