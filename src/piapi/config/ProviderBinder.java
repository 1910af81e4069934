package piapi.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import piapi.yaml.Position;
import piapi.yaml.YamlMapping;
import piapi.yaml.YamlNode;
import piapi.yaml.YamlScalar;

/** Binds and checks {@code providers}: names, named keys, services with base URL and auth. */
final class ProviderBinder {
    private static final Set<String> PROVIDER_KEYS = Set.of("name", "apiKeys", "services");
    private static final Set<String> SERVICE_KEYS = Set.of("type", "baseUrl", "auth");
    private static final Set<String> AUTH_KEYS = Set.of("mode", "name", "prefix");
    /** Headers the proxy manages itself: a provider key cannot be sent in them. */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "connection", "content-length",
            "transfer-encoding", "upgrade", "expect", "te", "trailer", "keep-alive", "proxy-connection");

    private final Problems problems;
    private final EnvExpander expander;

    ProviderBinder(Problems problems, EnvExpander expander) {
        this.problems = problems;
        this.expander = expander;
    }

    List<Provider> bind(YamlNode node) {
        List<Provider> out = new ArrayList<>();
        Map<String, Position> seen = new HashMap<>();
        List<YamlNode> items = SequenceReader.items(node, "providers", problems);
        for (int i = 0; i < items.size(); i++) {
            String path = "providers[" + i + "]";
            MappingReader f = MappingReader.of(items.get(i), path, problems);
            if (f.notAMapping()) continue;
            f.warnUnknown(PROVIDER_KEYS);
            String name = f.string("name");
            if (name == null || name.isEmpty()) {
                if (!f.wrongType("name")) problems.error(items.get(i), f.path("name"), "name is required");
                continue;
            }
            Position first = seen.putIfAbsent(name, items.get(i).position());
            if (first != null) {
                problems.error(f.node("name"), f.path("name"), "provider name '" + name + "' duplicated (first at " + first + ")");
                continue;
            }
            out.add(new Provider(name, apiKeys(f, name), services(f, name)));
        }
        return out;
    }

    private Map<String, Secret> apiKeys(MappingReader provider, String providerName) {
        Map<String, Secret> keys = new LinkedHashMap<>();
        YamlNode node = provider.node("apiKeys");
        String path = provider.path("apiKeys");
        MappingReader f = MappingReader.of(node, path, problems);
        if (f.notAMapping()) return keys;
        if (f.mapping().entries().isEmpty()) {
            problems.error(node == null ? provider.mapping() : node, path, "apiKeys must not be empty (provider '" + providerName + "')");
            return keys;
        }
        for (YamlMapping.Entry e : f.mapping().entries()) {
            String keyName = e.key().value().strip();
            String keyPath = f.path(e.key().value());
            if (keyName.isEmpty()) {
                problems.error(e.key(), path, "contains an empty key name");
                continue;
            }
            if (keys.containsKey(keyName)) {
                problems.error(e.key(), keyPath, "duplicate key name '" + keyName + "'");
                continue;
            }
            Secret secret = secret(e.value(), keyPath, expander, problems);
            // A key whose value failed keeps its name, so routes naming it do not report it missing as well;
            // the config is discarded anyway because the failure was recorded as an error.
            keys.put(keyName, secret != null ? secret : Secret.of("invalid"));
        }
        return keys;
    }

    /** A secret scalar, ${VAR}-expanded; problems never show its value. Null after a problem. */
    static Secret secret(YamlNode node, String path, EnvExpander expander, Problems problems) {
        if (!(node instanceof YamlScalar s)) {
            problems.error(node, path, "must be a single value, not " + MappingReader.describe(node));
            return null;
        }
        String raw = s.isNull() ? "" : s.value().strip();
        String value = expander.expand(raw, message -> problems.error(node, path, message));
        if (value == null) return null;
        value = value.strip();
        if (value.isEmpty()) {
            problems.error(node, path, "value must not be empty");
            return null;
        }
        return Secret.of(value);
    }

    private List<ServiceEndpoint> services(MappingReader provider, String providerName) {
        List<ServiceEndpoint> out = new ArrayList<>();
        Map<String, Position> seen = new HashMap<>();
        List<YamlNode> items = SequenceReader.items(provider.node("services"), provider.path("services"), problems);
        for (int j = 0; j < items.size(); j++) {
            String path = provider.path("services") + "[" + j + "]";
            MappingReader f = MappingReader.of(items.get(j), path, problems);
            if (f.notAMapping()) continue;
            f.warnUnknown(SERVICE_KEYS);
            String type = f.string("type");
            if (type == null || type.isEmpty()) {
                if (!f.wrongType("type")) problems.error(items.get(j), f.path("type"), "type is required");
                continue;
            }
            Position first = seen.putIfAbsent(type, items.get(j).position());
            if (first != null) {
                problems.error(f.node("type"), f.path("type"),
                        "duplicate service type '" + type + "' in provider '" + providerName + "' (first at " + first + ")");
                continue;
            }
            if (type.indexOf('/') >= 0 || type.indexOf('%') >= 0 || type.indexOf(' ') >= 0 || type.indexOf('?') >= 0) {
                problems.error(f.node("type"), f.path("type"), "type '" + type + "' cannot contain '/', '%', '?' or spaces: it is a path segment");
                continue;
            }
            String baseUrl = baseUrl(f);
            Auth auth = auth(f);
            // An invalid service keeps its type, so routes using it do not report it missing as well;
            // the config is discarded anyway because the failure was recorded as an error.
            out.add(baseUrl != null && auth != null ? new ServiceEndpoint(type, baseUrl, auth)
                    : new ServiceEndpoint(type, "https://invalid.invalid", Auth.DEFAULT));
        }
        return out;
    }

    private String baseUrl(MappingReader service) {
        String url = service.string("baseUrl");
        String path = service.path("baseUrl");
        if (url == null || url.isEmpty()) {
            if (!service.wrongType("baseUrl")) {
                problems.error(service.node("baseUrl") == null ? service.mapping() : service.node("baseUrl"), path, "baseUrl is required");
            }
            return null;
        }
        YamlNode at = service.node("baseUrl");
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            problems.error(at, path, "baseUrl is not a valid URL: " + e.getReason() + " at index " + e.getIndex());
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            problems.error(at, path, "baseUrl must be an absolute http:// or https:// URL with a host, e.g. https://api.openai.com/v1");
            return null;
        }
        if (uri.getRawFragment() != null) {
            problems.error(at, path, "baseUrl must not have a #fragment");
            return null;
        }
        if (uri.getRawUserInfo() != null) {
            problems.error(at, path, "baseUrl must not carry credentials (user:password@); put the key in apiKeys");
            return null;
        }
        return url;
    }

    private Auth auth(MappingReader service) {
        YamlNode node = service.node("auth");
        if (node == null || node instanceof YamlScalar s && s.isNull()) return Auth.DEFAULT;
        MappingReader f = MappingReader.of(node, service.path("auth"), problems);
        f.warnUnknown(AUTH_KEYS);
        warnIfTypoFallsBackToBearer(node, f);
        String mode = f.string("mode");
        Auth.Mode m;
        if (mode == null || mode.isEmpty() || mode.equals("header")) {
            m = Auth.Mode.HEADER;
        } else if (mode.equals("query")) {
            m = Auth.Mode.QUERY;
        } else {
            problems.error(f.node("mode"), f.path("mode"), "unsupported auth mode '" + mode + "' (use header or query)");
            return null;
        }
        String name = f.string("name");
        if (f.wrongType("name")) return null;
        if (name == null || name.isEmpty()) {
            if (m == Auth.Mode.QUERY) {
                problems.error(node, f.path("name"), "auth.name is required in query mode (the query parameter to put the key in)");
                return null;
            }
            name = "Authorization";
        }
        if (m == Auth.Mode.HEADER && !isValidHeaderName(name)) {
            problems.error(f.node("name"), f.path("name"), "'" + name + "' is not a valid header name");
            return null;
        }
        if (m == Auth.Mode.HEADER && RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            problems.error(f.node("name"), f.path("name"), "'" + name + "' is managed by the proxy and cannot carry a key");
            return null;
        }
        if (m == Auth.Mode.QUERY && !isValidQueryName(name)) {
            problems.error(f.node("name"), f.path("name"), "'" + name + "' is not a valid query parameter name (no spaces, '&', '=', '#', '%' or '+')");
            return null;
        }
        return new Auth(m, name, prefix(f, m, name));
    }

    /**
     * An auth block with a misspelt key ({@code nmae: x-api-key}) silently sends the key as {@code Authorization:
     * Bearer}, which the upstream refuses with 401 on every request; say so next to the unknown key's own warning.
     */
    private void warnIfTypoFallsBackToBearer(YamlNode node, MappingReader auth) {
        if (auth.notAMapping() || auth.node("name") != null) return;
        if (auth.node("mode") instanceof YamlScalar mode && "query".equals(mode.value())) return; // query mode without a name is an error
        boolean unknown = false;
        for (piapi.yaml.YamlMapping.Entry e : auth.mapping().entries()) unknown |= !AUTH_KEYS.contains(e.key().value());
        if (unknown) {
            problems.warn(node, auth.path("name"), "auth has no 'name', so the key will be sent as 'Authorization: Bearer <key>'; "
                    + "check the spelling of its keys");
        }
    }

    /** Only Authorization gets "Bearer " by default; an explicit prefix, even "", is kept as written. */
    private String prefix(MappingReader auth, Auth.Mode mode, String name) {
        YamlNode node = auth.node("prefix");
        if (mode == Auth.Mode.QUERY) {
            if (node != null) problems.warn(node, auth.path("prefix"), "prefix is not used in query mode");
            return "";
        }
        if (node == null) return name.equalsIgnoreCase("Authorization") ? "Bearer " : "";
        if (!(node instanceof YamlScalar s)) {
            problems.error(node, auth.path("prefix"), "must be a single value, not " + MappingReader.describe(node));
            return "";
        }
        String prefix = s.isNull() ? "" : s.value();
        if (!prefix.isEmpty() && Character.isLetterOrDigit(prefix.charAt(prefix.length() - 1))) {
            problems.warn(node, auth.path("prefix"), "prefix '" + prefix + "' ends without a space, so the header will read '"
                    + prefix + "<key>'; write it quoted, e.g. \"" + prefix + " \", if a space is meant");
        }
        return prefix;
    }

    static boolean isValidHeaderName(String name) {
        if (name.isEmpty()) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) return false;
        }
        return true;
    }

    private static boolean isValidQueryName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || "&=#%+?".indexOf(c) >= 0) return false;
        }
        return !name.isEmpty();
    }
}
