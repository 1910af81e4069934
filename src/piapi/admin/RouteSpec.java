package piapi.admin;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import piapi.config.Strategy;
import piapi.yaml.YamlEmitter;
import piapi.yaml.YamlMapping;
import piapi.yaml.YamlNode;

/**
 * A user's route for one service type as an edit sends it, in the shape {@code GET /config} shows:
 * {@code {"provider_name":"alpha","provider_key_name":"main"}} for one upstream, or
 * {@code {"strategy":"weighted_rr","candidates":[{"provider_name":…,"provider_key_name":…,"weight":3,"enabled":true,"tags":[…]}]}}.
 * It is checked against the providers in the document, then written in the config's own form.
 */
record RouteSpec(Strategy strategy, List<CandidateSpec> candidates, boolean single) {

    record CandidateSpec(String provider, String key, long weight, boolean enabled, List<String> tags) {}

    static RouteSpec parse(JsonInput in, String field) throws Refusal {
        if (!in.has("candidates")) {
            return new RouteSpec(Strategy.ROUND_ROBIN, List.of(new CandidateSpec(in.name("provider_name"), in.name("provider_key_name"),
                    1, true, List.of())), true);
        }
        String s = in.optionalText("strategy");
        Strategy strategy = s == null || s.isEmpty() ? Strategy.ROUND_ROBIN : Strategy.fromConfigName(s);
        if (strategy == null) {
            throw Refusal.badRequest(field + ".strategy must be round_robin, weighted_rr, adaptive_rr or sticky_healthy");
        }
        List<CandidateSpec> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonInput c : in.objects("candidates")) {
            CandidateSpec spec = new CandidateSpec(c.name("provider_name"), c.name("provider_key_name"), c.wholeNumber("weight", 1),
                    c.bool("enabled", true), c.strings("tags"));
            if (spec.weight() < 1 || spec.weight() > 1_000_000) throw Refusal.badRequest(field + ": weight must be a whole number from 1");
            if (!seen.add(spec.provider() + "\n" + spec.key())) {
                throw Refusal.badRequest(field + ": candidate " + spec.provider() + "/" + spec.key() + " is listed twice");
            }
            out.add(spec);
        }
        if (out.isEmpty()) throw Refusal.badRequest(field + ": candidates must not be empty");
        return new RouteSpec(strategy, out, false);
    }

    /** Refuses a candidate whose provider, key or service the document does not have. */
    void check(YamlMapping root, String serviceType) throws Refusal {
        List<YamlNode> providers = ConfigTree.items(root, "providers");
        for (CandidateSpec c : candidates) {
            // the names sent are not repeated (a key pasted where its name belongs must not be echoed): the choices are listed
            int at = ConfigTree.indexByName(providers, c.provider());
            if (at < 0) throw Refusal.badRequest("no provider has that name; the providers are: " + names(providers));
            YamlMapping p = (YamlMapping) providers.get(at);
            YamlMapping keys = ConfigTree.mapping(p, "apiKeys");
            if (!ConfigTree.hasKey(keys, c.key())) {
                List<String> keyNames = keys.entries().stream().map(e -> e.key().value().strip()).toList();
                throw Refusal.badRequest("provider '" + c.provider() + "' has no key with that name; its keys are: " + String.join(", ", keyNames));
            }
            boolean exposes = false;
            for (YamlNode s : ConfigTree.items(p, "services")) {
                if (s instanceof YamlMapping m && serviceType.equals(ConfigTree.text(m.get("type")))) exposes = true;
            }
            if (!exposes) throw Refusal.badRequest("provider '" + c.provider() + "' does not offer service '" + serviceType + "'");
        }
    }

    private static String names(List<YamlNode> items) {
        List<String> out = new ArrayList<>();
        for (YamlNode n : items) if (n instanceof YamlMapping m && ConfigTree.text(m.get("name")) != null) out.add(ConfigTree.text(m.get("name")));
        return String.join(", ", out);
    }

    /** The route as config.yaml writes it. */
    YamlMapping toYaml() {
        if (single) {
            CandidateSpec c = candidates.get(0);
            return YamlEmitter.mapping(List.of(ConfigTree.entry("providerName", YamlEmitter.text(c.provider())),
                    ConfigTree.entry("providerKeyName", YamlEmitter.text(c.key()))));
        }
        List<YamlNode> items = new ArrayList<>();
        for (CandidateSpec c : candidates) {
            List<YamlMapping.Entry> e = new ArrayList<>(List.of(ConfigTree.entry("providerName", YamlEmitter.text(c.provider())),
                    ConfigTree.entry("providerKeyName", YamlEmitter.text(c.key())),
                    ConfigTree.entry("weight", YamlEmitter.plain(Long.toString(c.weight())))));
            if (!c.enabled()) e.add(ConfigTree.entry("enabled", YamlEmitter.plain("false")));
            if (!c.tags().isEmpty()) e.add(ConfigTree.entry("tags", YamlEmitter.sequence(c.tags().stream().map(t -> (YamlNode) YamlEmitter.text(t)).toList())));
            items.add(YamlEmitter.mapping(e));
        }
        return YamlEmitter.mapping(List.of(ConfigTree.entry("strategy", YamlEmitter.text(strategy.configName())),
                ConfigTree.entry("candidates", YamlEmitter.sequence(items))));
    }
}
