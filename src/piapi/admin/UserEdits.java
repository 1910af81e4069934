package piapi.admin;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import piapi.yaml.YamlEmitter;
import piapi.yaml.YamlMapping;
import piapi.yaml.YamlNode;

/**
 * Users through the admin API, each change one conditional write of the config ({@link ConfigEditor}):
 * <ul>
 * <li>{@code POST /users} {@code {"name":…,"services":{"codex":<route>}}}: creates the user with a
 *     generated key, returned once as {@code api_key} (piapi keeps only the config's copy);</li>
 * <li>{@code PUT /users/{name}} {@code {"name":…}} renames, {@code {"services":{…}}} replaces every route;</li>
 * <li>{@code DELETE /users/{name}};</li>
 * <li>{@code PUT /users/{name}/services/{type}} sets one route, {@code DELETE} removes it;</li>
 * <li>{@code POST /users/{name}/key}: a new generated key, returned once; the old one stops working.</li>
 * </ul>
 * A route is {@link RouteSpec}'s JSON. Every write needs {@code If-Match}.
 */
public final class UserEdits {
    private final ConfigEditor editor;
    private final SecureRandom random = new SecureRandom();

    private UserEdits(ConfigEditor editor) {
        this.editor = editor;
    }

    static void register(AdminApi api, ConfigEditor editor) {
        UserEdits e = new UserEdits(editor);
        api.on("POST", "/users", e::create)
                .on("PUT", "/users/{name}", e::update)
                .on("DELETE", "/users/{name}", e::delete)
                .on("PUT", "/users/{name}/services/{type}", e::setRoute)
                .on("DELETE", "/users/{name}/services/{type}", e::deleteRoute)
                .on("POST", "/users/{name}/key", e::newKey);
    }

    /** A key nobody guesses: 32 random bytes, URL-safe base64, with a prefix that says what it is. */
    String generateKey() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return "piapi-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private void create(AdminRequest r) throws IOException {
        JsonInput in;
        String name;
        Map<String, Object> services;
        try {
            in = JsonInput.read(r);
            if (in == null) return;
            name = in.name("name");
            services = in.members("services");
            if (services.isEmpty()) throw Refusal.badRequest("services must name at least one service type and its route");
        } catch (Refusal e) {
            r.error(e.status(), e.code(), e.getMessage());
            return;
        }
        String key = generateKey();
        editor.edit(r, "user_create", "create user " + name, root -> {
            if (ConfigTree.indexByName(ConfigTree.items(root, "users"), name) >= 0) {
                throw Refusal.conflict("user_exists", "a user named '" + name + "' exists already");
            }
            YamlMapping user = YamlEmitter.mapping(List.of(ConfigTree.entry("name", YamlEmitter.text(name)),
                    ConfigTree.entry("apiKey", YamlEmitter.text(key)), ConfigTree.entry("services", routes(root, in, services))));
            return ConfigTree.addItem(root, "users", user);
        }, w -> w.field("user", name).field("api_key", key));
    }

    private void update(AdminRequest r) throws IOException {
        String name = r.pathParam("name");
        JsonInput in;
        String rename;
        try {
            in = JsonInput.read(r);
            if (in == null) return;
            rename = in.has("name") ? in.name("name") : null;
            if (rename == null && !in.has("services")) throw Refusal.badRequest("send name (to rename) or services (to replace every route)");
        } catch (Refusal e) {
            r.error(e.status(), e.code(), e.getMessage());
            return;
        }
        editor.edit(r, "user_update", rename != null && !rename.equals(name) ? "rename user " + name + " to " + rename : "edit user " + name,
                root -> editUser(root, name, user -> {
                    YamlMapping out = user;
                    if (rename != null && !rename.equals(name)) {
                        if (ConfigTree.indexByName(ConfigTree.items(root, "users"), rename) >= 0) {
                            throw Refusal.conflict("user_exists", "a user named '" + rename + "' exists already");
                        }
                        out = ConfigTree.with(out, "name", YamlEmitter.text(rename));
                    }
                    if (in.has("services")) {
                        Map<String, Object> services = in.members("services");
                        if (services.isEmpty()) throw Refusal.badRequest("a user needs at least one service route");
                        out = ConfigTree.with(out, "services", routes(root, in, services));
                    }
                    return out;
                }), w -> w.field("user", rename != null ? rename : name));
    }

    private void delete(AdminRequest r) throws IOException {
        String name = r.pathParam("name");
        editor.edit(r, "user_delete", "delete user " + name, root -> {
            int at = userIndex(root, name);
            return ConfigTree.removeItem(root, "users", at);
        }, w -> w.field("user", name));
    }

    private void setRoute(AdminRequest r) throws IOException {
        String name = r.pathParam("name");
        String type;
        RouteSpec route;
        try {
            type = JsonInput.serviceType("service type", r.pathParam("type"));
            JsonInput in = JsonInput.read(r);
            if (in == null) return;
            route = RouteSpec.parse(in, type);
        } catch (Refusal e) {
            r.error(e.status(), e.code(), e.getMessage());
            return;
        }
        editor.edit(r, "route_set", "set route " + name + "/" + type, root -> {
            route.check(root, type);
            return editUser(root, name, user -> {
                YamlMapping services = ConfigTree.mapping(user, "services");
                String written = ConfigTree.keyAsWritten(services, type);
                return ConfigTree.with(user, "services", ConfigTree.with(services, written != null ? written : type, route.toYaml()));
            });
        }, w -> w.field("user", name).field("service_type", type));
    }

    private void deleteRoute(AdminRequest r) throws IOException {
        String name = r.pathParam("name");
        String type = r.pathParam("type");
        editor.edit(r, "route_delete", "remove route " + name + "/" + type, root -> editUser(root, name, user -> {
            YamlMapping services = ConfigTree.mapping(user, "services");
            String written = ConfigTree.keyAsWritten(services, type);
            if (written == null) throw Refusal.notFound("user '" + name + "' has no route for '" + type + "'");
            if (services.entries().size() == 1) {
                throw Refusal.conflict("last_route", "this is the user's only route; delete the user instead");
            }
            return ConfigTree.with(user, "services", ConfigTree.without(services, written));
        }), w -> w.field("user", name).field("service_type", type));
    }

    private void newKey(AdminRequest r) throws IOException {
        String name = r.pathParam("name");
        String key = generateKey();
        editor.edit(r, "user_key", "new key for user " + name,
                root -> editUser(root, name, user -> ConfigTree.with(user, "apiKey", YamlEmitter.text(key))),
                w -> w.field("user", name).field("api_key", key));
    }

    /** Each service's route, checked against the document's providers, as the {@code services} mapping. */
    private static YamlMapping routes(YamlMapping root, JsonInput in, Map<String, Object> services) throws Refusal {
        List<YamlMapping.Entry> out = new ArrayList<>();
        JsonInput all = in.object("services");
        for (String type : services.keySet()) {
            JsonInput.serviceType("service type", type.strip());
            JsonInput routeJson = all.object(type);
            if (routeJson == null) throw Refusal.badRequest("services." + type + " must be a route object");
            RouteSpec route = RouteSpec.parse(routeJson, "services." + type);
            route.check(root, type.strip());
            out.add(ConfigTree.entry(type.strip(), route.toYaml()));
        }
        return YamlEmitter.mapping(out);
    }

    @FunctionalInterface
    private interface UserEdit {
        YamlMapping apply(YamlMapping user) throws Refusal;
    }

    private static YamlMapping editUser(YamlMapping root, String name, UserEdit edit) throws Refusal {
        int at = userIndex(root, name);
        YamlMapping user = (YamlMapping) ConfigTree.items(root, "users").get(at);
        List<YamlNode> users = new ArrayList<>(ConfigTree.items(root, "users"));
        users.set(at, edit.apply(user));
        return ConfigTree.withItems(root, "users", users);
    }

    private static int userIndex(YamlMapping root, String name) throws Refusal {
        int at = ConfigTree.indexByName(ConfigTree.items(root, "users"), name);
        if (at < 0) throw Refusal.notFound("no user named '" + name + "'");
        return at;
    }
}
