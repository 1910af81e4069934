package piapi.admin;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import piapi.config.Auth;
import piapi.config.Candidate;
import piapi.config.GatewayConfig;
import piapi.config.Provider;
import piapi.config.Route;
import piapi.config.Secret;
import piapi.config.ServiceEndpoint;
import piapi.config.Settings;
import piapi.config.User;
import piapi.http.JsonWriter;

/**
 * The live config as JSON in the sanitised view existing admin tools read: its field names,
 * defaults filled in, map keys sorted, legacy routes with only {@code provider_name}/{@code provider_key_name},
 * aggregated routes with {@code provider_name:""}, the strategy and explicit weight/enabled. Every
 * secret (provider keys, user keys) is {@link Secret#masked() masked}. piapi's own settings follow as
 * {@code timeouts} and {@code limits}.
 */
final class MaskedConfigJson {
    private MaskedConfigJson() {}

    static String write(GatewayConfig config) {
        JsonWriter w = new JsonWriter(new StringBuilder(1024)).beginObject();
        w.name("providers").beginArray();
        for (Provider p : config.providers()) provider(w, p);
        w.endArray();
        w.name("users").beginArray();
        for (User u : config.users()) user(w, u);
        w.endArray();
        settings(w, config.settings());
        return w.endObject().toString();
    }

    private static void provider(JsonWriter w, Provider p) {
        w.beginObject().field("name", p.name()).name("api_keys").beginObject();
        for (Map.Entry<String, Secret> k : new TreeMap<>(p.apiKeys()).entrySet()) w.field(k.getKey(), k.getValue().masked());
        w.endObject().name("services").beginArray();
        for (ServiceEndpoint s : p.services()) {
            Auth a = s.auth();
            w.beginObject().field("type", s.type()).field("base_url", s.baseUrl())
                    .name("auth").beginObject().field("mode", a.mode().configName()).field("name", a.name());
            if (!a.prefix().isEmpty()) w.field("prefix", a.prefix());
            w.endObject().endObject();
        }
        w.endArray().endObject();
    }

    private static void user(JsonWriter w, User u) {
        w.beginObject().field("name", u.name()).field("api_key", u.apiKey().masked()).name("services").beginObject();
        for (Map.Entry<String, Route> e : new TreeMap<>(u.services()).entrySet()) {
            Route r = e.getValue();
            w.name(e.getKey()).beginObject();
            if (r.legacy()) {
                Candidate c = r.candidates().get(0);
                w.field("provider_name", c.providerName()).field("provider_key_name", c.providerKeyName());
            } else {
                w.field("provider_name", "").field("provider_key_name", "").field("strategy", r.strategy().configName());
                w.name("candidates").beginArray();
                for (Candidate c : r.candidates()) {
                    w.beginObject().field("provider_name", c.providerName()).field("provider_key_name", c.providerKeyName())
                            .field("weight", c.weight()).field("enabled", c.enabled());
                    if (!c.tags().isEmpty()) {
                        w.name("tags").beginArray();
                        for (String t : c.tags()) w.value(t);
                        w.endArray();
                    }
                    w.endObject();
                }
                w.endArray();
            }
            w.endObject();
        }
        w.endObject().endObject();
    }

    private static void settings(JsonWriter w, Settings s) {
        w.name("timeouts").beginObject().field("connect", duration(s.timeouts().connect()))
                .field("first_byte", duration(s.timeouts().firstByte())).field("idle", duration(s.timeouts().idle()))
                .field("heartbeat", duration(s.timeouts().heartbeat())).endObject();
        w.name("limits").beginObject().field("max_request_body_bytes", s.limits().maxRequestBodyBytes())
                .field("request_body_memory", s.limits().requestBodyMemory().toString()).endObject();
    }

    /** {@code 250ms} or {@code 600s}: the form config.yaml accepts. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
