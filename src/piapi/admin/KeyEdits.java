package piapi.admin;

import java.io.IOException;
import piapi.yaml.YamlEmitter;
import piapi.yaml.YamlMapping;
import piapi.yaml.YamlScalar;

/**
 * A provider's named keys through the admin API. Values go in and never come out: the answers and
 * {@code GET /config} show key names and masked values only.
 * <ul>
 * <li>{@code PUT /providers/{name}/keys/{key}} {@code {"value":"sk-…"}} or {@code {"env":"ALPHA_KEY"}}
 *     (written as {@code ${ALPHA_KEY}}, read from piapi's environment): adds the key or replaces its value;</li>
 * <li>{@code POST /providers/{name}/keys/{key}/rename} {@code {"name":…}}: renames it, and every route
 *     that uses it, in one write;</li>
 * <li>{@code DELETE /providers/{name}/keys/{key}}: refused (409) while a route uses it, or when it is the last.</li>
 * </ul>
 */
final class KeyEdits {
    private final ConfigEditor editor;

    private KeyEdits(ConfigEditor editor) {
        this.editor = editor;
    }

    static void register(AdminApi api, ConfigEditor editor) {
        KeyEdits e = new KeyEdits(editor);
        api.on("PUT", "/providers/{name}/keys/{key}", e::set)
                .on("POST", "/providers/{name}/keys/{key}/rename", e::rename)
                .on("DELETE", "/providers/{name}/keys/{key}", e::delete);
    }

    /**
     * The scalar for a key value: a literal (a {@code ${} in it is escaped as {@code $${}, so it is never
     * read as a reference) or a reference to an environment variable.
     */
    static YamlScalar secret(JsonInput in) throws Refusal {
        String env = in.optionalText("env");
        if (env != null && !env.isEmpty()) {
            if (!isVariableName(env)) throw Refusal.badRequest("env must be a variable name: letters, digits and '_', not starting with a digit");
            return YamlEmitter.text("${" + env + "}");
        }
        String value = in.optionalText("value");
        if (value == null || value.isEmpty()) throw Refusal.badRequest("send the key as {\"value\": …} or {\"env\": \"VARIABLE\"}");
        if (value.length() > 4096) throw Refusal.badRequest("value is longer than 4096 characters");
        for (int i = 0; i < value.length(); i++) {
            if (Character.isWhitespace(value.charAt(i))) throw Refusal.badRequest("value must not contain blanks");
        }
        return YamlEmitter.text(value.replace("${", "$${"));
    }

    /** A key's name as sent (in the path, or as a member of {@code api_keys}): stripped, printable, not empty. */
    static String keyName(String sent) throws Refusal {
        String name = JsonInput.checkName("key name", sent.strip());
        if (name.isEmpty()) throw Refusal.badRequest("a key name must not be empty");
        return name;
    }

    private static boolean isVariableName(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || i > 0 && c >= '0' && c <= '9';
            if (!ok) return false;
        }
        return !s.isEmpty();
    }

    private void set(AdminRequest r) throws IOException {
        String provider = r.pathParam("name");
        String key = EditInput.fromPath(r, () -> keyName(r.pathParam("key")));
        if (key == null) return;
        YamlScalar value = EditInput.fromBody(r, KeyEdits::secret);
        if (value == null) return;
        editor.edit(r, "key_set", "set key " + provider + "/" + key, root -> NamedList.PROVIDERS.edit(root, provider, p -> {
            YamlMapping keys = ConfigTree.mapping(p, "apiKeys");
            String written = ConfigTree.keyAsWritten(keys, key);
            return ConfigTree.with(p, "apiKeys", ConfigTree.with(keys, written != null ? written : key, value));
        }), w -> w.field("provider", provider).field("key", key));
    }

    private void rename(AdminRequest r) throws IOException {
        String provider = r.pathParam("name");
        String key = r.pathParam("key");
        String to = EditInput.fromBody(r, in -> in.name("name"));
        if (to == null) return;
        editor.edit(r, "key_rename", "rename key " + provider + "/" + key + " to " + to, root -> {
            YamlMapping keys = ConfigTree.mapping(NamedList.PROVIDERS.get(root, provider), "apiKeys");
            String written = keyAsWritten(keys, provider, key);
            if (to.equals(key)) return root;
            if (ConfigTree.hasKey(keys, to)) throw Refusal.conflict("key_exists", "provider '" + provider + "' has a key named '" + to + "' already");
            YamlMapping renamed = NamedList.PROVIDERS.edit(root, provider, p -> ConfigTree.with(p, "apiKeys", ConfigTree.renamed(keys, written, to)));
            return RouteRefs.rewrite(renamed, ref -> ref.provider().equals(provider) && key.equals(ref.key())
                    ? new RouteRefs.Ref(ref.user(), ref.serviceType(), provider, to) : ref);
        }, w -> w.field("provider", provider).field("key", to));
    }

    private void delete(AdminRequest r) throws IOException {
        String provider = r.pathParam("name");
        String key = r.pathParam("key");
        editor.edit(r, "key_delete", "delete key " + provider + "/" + key, root -> {
            YamlMapping keys = ConfigTree.mapping(NamedList.PROVIDERS.get(root, provider), "apiKeys");
            String written = keyAsWritten(keys, provider, key);
            RouteRefs.refuseWhileUsed(root, "key_in_use", "key '" + key + "' of provider '" + provider + "'",
                    ref -> ref.provider().equals(provider) && key.equals(ref.key()));
            if (keys.entries().size() == 1) throw Refusal.conflict("last_key", "this is the provider's only key; add another first");
            return NamedList.PROVIDERS.edit(root, provider, p -> ConfigTree.with(p, "apiKeys", ConfigTree.without(keys, written)));
        }, w -> w.field("provider", provider).field("key", key));
    }

    /** The key's name as written in the file; 404 when the provider has no such key. */
    private static String keyAsWritten(YamlMapping keys, String provider, String key) throws Refusal {
        String written = ConfigTree.keyAsWritten(keys, key);
        if (written == null) throw Refusal.notFound("provider '" + provider + "' has no key named '" + key + "'");
        return written;
    }
}
