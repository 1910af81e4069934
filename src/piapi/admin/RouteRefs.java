package piapi.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import piapi.yaml.YamlEmitter;
import piapi.yaml.YamlMapping;
import piapi.yaml.YamlNode;

/**
 * The places in a config document where a route names a provider and one of its keys: a single route's
 * {@code providerName}/{@code providerKeyName}, or each candidate's. Used to refuse deleting what is in
 * use and to follow a rename everywhere in one write.
 */
final class RouteRefs {
    /** One reference: user {@code user}'s route for {@code serviceType} names {@code provider}'s key {@code key}. */
    record Ref(String user, String serviceType, String provider, String key) {
        String where() {
            return user + "/" + serviceType;
        }
    }

    private RouteRefs() {}

    /** Every reference that matches, in config order. */
    static List<Ref> find(YamlMapping root, Predicate<Ref> which) {
        List<Ref> out = new ArrayList<>();
        rewrite(root, ref -> {
            if (which.test(ref)) out.add(ref);
            return ref;
        });
        return out;
    }

    /** The document with every reference replaced by what {@code change} returns for it. */
    static YamlMapping rewrite(YamlMapping root, UnaryOperator<Ref> change) {
        List<YamlNode> users = new ArrayList<>();
        for (YamlNode u : ConfigTree.items(root, "users")) {
            users.add(u instanceof YamlMapping user ? rewriteUser(user, change) : u);
        }
        return root.get("users") == null ? root : ConfigTree.withItems(root, "users", users);
    }

    private static YamlMapping rewriteUser(YamlMapping user, UnaryOperator<Ref> change) {
        if (!(user.get("services") instanceof YamlMapping services)) return user;
        String name = ConfigTree.text(user.get("name"));
        List<YamlMapping.Entry> out = new ArrayList<>();
        for (YamlMapping.Entry e : services.entries()) {
            String type = e.key().value().strip();
            YamlNode route = e.value();
            if (route instanceof YamlMapping r) route = rewriteRoute(r, name == null ? "" : name, type, change);
            out.add(new YamlMapping.Entry(e.key(), route));
        }
        return ConfigTree.with(user, "services", new YamlMapping(out, services.position()));
    }

    private static YamlMapping rewriteRoute(YamlMapping route, String user, String type, UnaryOperator<Ref> change) {
        List<YamlNode> candidates = ConfigTree.items(route, "candidates");
        if (candidates.isEmpty()) return rewriteOne(route, user, type, change);
        List<YamlNode> out = new ArrayList<>();
        for (YamlNode c : candidates) out.add(c instanceof YamlMapping m ? rewriteOne(m, user, type, change) : c);
        return ConfigTree.withItems(route, "candidates", out);
    }

    private static YamlMapping rewriteOne(YamlMapping m, String user, String type, UnaryOperator<Ref> change) {
        String provider = ConfigTree.text(m.get("providerName"));
        String key = ConfigTree.text(m.get("providerKeyName"));
        if (provider == null) return m;
        Ref before = new Ref(user, type, provider, key);
        Ref after = change.apply(before);
        if (after.equals(before)) return m;
        YamlMapping out = ConfigTree.with(m, "providerName", YamlEmitter.text(after.provider()));
        return after.key() == null ? out : ConfigTree.with(out, "providerKeyName", YamlEmitter.text(after.key()));
    }

    /** 409 naming the routes (user/service) that still use what is about to go. */
    static void refuseWhileUsed(YamlMapping root, String code, String what, Predicate<Ref> uses) throws Refusal {
        List<Ref> refs = find(root, uses);
        if (refs.isEmpty()) return;
        List<String> where = refs.stream().map(Ref::where).distinct().toList();
        throw Refusal.conflict(code, what + " is used by " + where.size() + " route(s): " + String.join(", ", where)
                + "; change those routes first");
    }
}
