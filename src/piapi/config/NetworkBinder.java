package piapi.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import piapi.network.Cidr;
import piapi.network.CidrSet;
import piapi.network.NetworkList;
import piapi.yaml.YamlNode;
import piapi.yaml.YamlScalar;

/**
 * Binds address ranges: the {@code network:} section and {@code users[].network} ({@code allow} and {@code deny}
 * lists), and {@code server.trustedProxies} (one list). Ranges are compiled here, at load, so a request never
 * parses one.
 */
final class NetworkBinder {
    private static final Set<String> KEYS = Set.of("allow", "deny");

    private final Problems problems;

    NetworkBinder(Problems problems) {
        this.problems = problems;
    }

    /** An {@code allow}/{@code deny} mapping; absent means open. */
    NetworkList lists(YamlNode node, String path) {
        MappingReader f = MappingReader.of(node, path, problems);
        if (f.notAMapping()) return NetworkList.OPEN;
        f.warnUnknown(KEYS);
        CidrSet allow = ranges(f.node("allow"), f.path("allow"));
        CidrSet deny = ranges(f.node("deny"), f.path("deny"));
        return allow.isEmpty() && deny.isEmpty() ? NetworkList.OPEN : new NetworkList(allow, deny);
    }

    /** A list of ranges ({@code [10.0.0.0/8, "fd00::/8", 192.0.2.7]}); absent means none. */
    CidrSet ranges(YamlNode node, String path) {
        if (node instanceof YamlScalar s && !s.isNull()) {
            problems.error(node, path, "must be a list of address ranges, e.g. [10.0.0.0/8, \"fd00::/8\"]");
            return CidrSet.EMPTY;
        }
        List<YamlNode> items = SequenceReader.items(node, path, problems);
        List<Cidr> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            String at = path + "[" + i + "]";
            if (!(item instanceof YamlScalar s) || s.isNull()) {
                problems.error(item, at, "must be an address range such as 10.0.0.0/8, not " + MappingReader.describe(item));
                continue;
            }
            switch (Cidr.parse(s.value())) {
                case Cidr.Parsed.Invalid invalid -> problems.error(item, at, invalid.reason());
                case Cidr.Parsed.Valid valid -> {
                    if (valid.hostBitsSet()) {
                        problems.warn(item, at, "'" + s.value().strip() + "' has bits set past its prefix length: it means "
                                + written(valid.cidr()));
                    }
                    out.add(valid.cidr());
                }
            }
        }
        return out.isEmpty() ? CidrSet.EMPTY : new CidrSet(out);
    }

    /** The range in the notation it was written in (IPv4 prefixes count 32 bits). */
    private static String written(Cidr c) {
        boolean v4 = c.base().isIpv4() && c.text().indexOf(':') < 0;
        return c.base() + "/" + (v4 ? c.prefix() - 96 : c.prefix());
    }
}
