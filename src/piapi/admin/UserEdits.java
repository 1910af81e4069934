package piapi.admin;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import piapi.yaml.YamlEmitter;
import piapi.yaml.YamlMapping;

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

    /** A new user as sent: its name, and the body whose {@code services} holds its routes. */
    private record NewUser(String name, JsonInput body) {}

    private void create(AdminRequest r) throws IOException {
        NewUser sent = EditInput.fromBody(r, in -> {
            String name = in.name("name");
            if (in.members("services").isEmpty()) throw Refusal.badRequest("services must name at least one service type and its route");
            return new NewUser(name, in);
        });
        if (sent == null) return;
        String name = sent.name();
        String key = generateKey();
        editor.edit(r, "user_create", "create user " + name, root -> NamedList.USERS.add(root, name, () ->
                YamlEmitter.mapping(List.of(ConfigTree.entry("name", YamlEmitter.text(name)), ConfigTree.entry("apiKey", YamlEmitter.text(key)),
                        ConfigTree.entry("services", routes(root, sent.body()))))),
                w -> w.field("user", name).field("api_key", key));
    }

    /** A change to a user as sent: its name after the change, and the body ({@code services} replaces every route). */
    private record UserChange(String to, JsonInput body) {}

    private void update(AdminRequest r) throws IOException {
        String name = r.pathParam("name");
        UserChange change = EditInput.fromBody(r, in -> {
            String rename = in.has("name") ? in.name("name") : null;
            if (rename == null && !in.has("services")) throw Refusal.badRequest("send name (to rename) or services (to replace every route)");
            return new UserChange(rename != null ? rename : name, in);
        });
        if (change == null) return;
        String to = change.to();
        JsonInput in = change.body();
        editor.edit(r, "user_update", !to.equals(name) ? "rename user " + name + " to " + to : "edit user " + name, root -> {
            YamlMapping renamed = NamedList.USERS.rename(root, name, to);
            if (!in.has("services")) return renamed;
            return NamedList.USERS.edit(renamed, to, user -> {
                if (in.members("services").isEmpty()) throw Refusal.badRequest("a user needs at least one service route");
                return ConfigTree.with(user, "services", routes(renamed, in));
            });
        }, w -> w.field("user", to));
    }

    private void delete(AdminRequest r) throws IOException {
        String name = r.pathParam("name");
        editor.edit(r, "user_delete", "delete user " + name, root -> NamedList.USERS.remove(root, name), w -> w.field("user", name));
    }

    private void setRoute(AdminRequest r) throws IOException {
        String name = r.pathParam("name");
        String type = EditInput.fromPath(r, () -> JsonInput.serviceType("service type", r.pathParam("type")));
        if (type == null) return;
        RouteSpec route = EditInput.fromBody(r, in -> RouteSpec.parse(in, type));
        if (route == null) return;
        editor.edit(r, "route_set", "set route " + name + "/" + type, root -> {
            route.check(root, type);
            return NamedList.USERS.edit(root, name, user -> {
                YamlMapping services = ConfigTree.mapping(user, "services");
                String written = ConfigTree.keyAsWritten(services, type);
                return ConfigTree.with(user, "services", ConfigTree.with(services, written != null ? written : type, route.toYaml()));
            });
        }, w -> w.field("user", name).field("service_type", type));
    }

    private void deleteRoute(AdminRequest r) throws IOException {
        String name = r.pathParam("name");
        String type = r.pathParam("type");
        editor.edit(r, "route_delete", "remove route " + name + "/" + type, root -> NamedList.USERS.edit(root, name, user -> {
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
                root -> NamedList.USERS.edit(root, name, user -> ConfigTree.with(user, "apiKey", YamlEmitter.text(key))),
                w -> w.field("user", name).field("api_key", key));
    }

    /** Each route in the body's {@code services}, checked against the document's providers, as the {@code services} mapping. */
    private static YamlMapping routes(YamlMapping root, JsonInput in) throws Refusal {
        List<YamlMapping.Entry> out = new ArrayList<>();
        JsonInput all = in.object("services");
        for (String type : in.members("services").keySet()) {
            JsonInput.serviceType("service type", type.strip());
            JsonInput routeJson = all.object(type);
            if (routeJson == null) throw Refusal.badRequest("services." + type + " must be a route object");
            RouteSpec route = RouteSpec.parse(routeJson, "services." + type);
            route.check(root, type.strip());
            out.add(ConfigTree.entry(type.strip(), route.toYaml()));
        }
        return YamlEmitter.mapping(out);
    }
}
