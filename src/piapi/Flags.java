package piapi;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import piapi.observe.LogFormat;
import piapi.observe.LogLevel;

/**
 * The command line: {@code --config PATH}, {@code --listen [HOST]:PORT}, {@code --log-level LEVEL},
 * {@code --log-format json|text}, {@code --data-dir DIR}, {@code --demo}, {@code --check-config}, {@code --version}, {@code --help}. Accepts {@code --flag value}, {@code --flag=value} and single-dash
 * spellings ({@code -config}), so existing scripts keep working. With {@code --demo}, the defaults
 * suit a terminal on one machine: listen on 127.0.0.1:9200, log as text; {@code configGiven} says
 * whether {@code --config} names the file the demo writes its config to.
 */
record Flags(Path config, InetSocketAddress listen, String listenText, boolean checkConfig, boolean version, boolean help,
             LogLevel logLevel, LogFormat logFormat, Path dataDir, boolean demo, boolean configGiven) {

    static final String DEMO_LISTEN = "127.0.0.1:9200";

    static final String USAGE = """
            Usage: piapi [--config PATH] [--listen [HOST]:PORT] [--data-dir DIR] [--log-level LEVEL] [--log-format FORMAT]
                         [--demo] [--check-config] [--version] [--help]
              --config PATH        config file (default config.yaml)
              --listen [HOST]:PORT address to listen on (default :9200, all interfaces)
              --data-dir DIR       durable data (usage ledger, config history); default: the config's
                                   server.dataDir, else piapi-data/ beside the config file
              --log-level LEVEL    debug, info (default), warn or error: lines below it are not written
              --log-format FORMAT  json (default: one JSON object per line) or text (readable, for a terminal)
              --demo               run the whole product offline: two built-in providers, three users, an admin
                                   token, ready-to-paste client setups; listens on 127.0.0.1:9200 and logs
                                   as text unless told otherwise; with --config FILE the demo config is
                                   written to FILE (a new file only) and served from it
              --check-config       validate the config, print every problem, exit 0 (valid) or 1 (invalid)
              --version            print the version and exit
              --help               print this help and exit

            Environment:
              PIAPI_ADMIN_TOKEN             turns the admin API (/piadmin/api) on; at least 16 characters,
                                            e.g. from: openssl rand -hex 24
              PIAPI_LOG_CAPACITY            requests kept for the admin request log (default 1000, at most 100000)
              PIAPI_ADAPTIVE_HALFLIFE       adaptive_rr half-life when routing.adaptiveHalfLife is absent (e.g. 1m)
              PIAPI_ADAPTIVE_QUALITY_FLOOR  adaptive_rr floor when routing.adaptiveFloor is absent (0 < f < 1)
              PIAPI_INSTANCE                this replica's name in its usage ledger files (default: host name and port)
              PIAPI_JAVA_OPTS               extra JVM flags, read by the release bundle's bin/piapi launcher
              PIAPI_API_KEY                 read by the Codex CLI, not piapi: the user's key in the setup snippets
              ${NAME} in the config         any variable a config value names, read at start
            """;

    /** A bad command line: the one line to print before exiting with status 2. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    static Flags parse(String... args) throws Invalid {
        Map<String, String> given = given(args);
        boolean demo = given.containsKey("demo");
        boolean check = given.containsKey("check-config");
        if (demo && check) throw new Invalid("--demo and --check-config cannot be combined (check the demo's config after it is written)");
        LogLevel logLevel = LogLevel.INFO;
        if (given.containsKey("log-level")) {
            logLevel = LogLevel.parse(given.get("log-level"));
            if (logLevel == null) throw new Invalid("--log-level '" + given.get("log-level") + "' must be debug, info, warn or error");
        }
        LogFormat logFormat = demo ? LogFormat.TEXT : LogFormat.JSON;
        if (given.containsKey("log-format")) {
            logFormat = LogFormat.parse(given.get("log-format"));
            if (logFormat == null) throw new Invalid("--log-format '" + given.get("log-format") + "' must be json or text");
        }
        String listen = given.getOrDefault("listen", demo ? DEMO_LISTEN : ":9200");
        Path dataDir = given.containsKey("data-dir") ? Path.of(given.get("data-dir")) : null;
        return new Flags(Path.of(given.getOrDefault("config", "config.yaml")), address(listen), listen, check,
                given.containsKey("version"), given.containsKey("help"), logLevel, logFormat, dataDir, demo, given.containsKey("config"));
    }

    /** The flags given, by name ({@code h} as {@code help}), with their values ("" for switches); the last of a repeated flag wins. */
    private static Map<String, String> given(String[] args) throws Invalid {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.startsWith("--") ? arg.substring(2) : arg.startsWith("-") ? arg.substring(1) : null;
            if (name == null) throw new Invalid("unexpected argument '" + arg + "' (flags start with --; see --help)");
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            switch (name) {
                case "config", "listen", "data-dir", "log-level", "log-format" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) throw new Invalid("--" + name + " needs a value (see --help)");
                        value = args[++i];
                    }
                    if (value.isBlank() && !name.startsWith("log-")) throw new Invalid("--" + name + " must not be empty");
                    given.put(name, value);
                }
                case "check-config", "version", "help", "h", "demo" -> {
                    if (value != null) throw new Invalid("--" + name + " takes no value");
                    given.put(name.equals("h") ? "help" : name, "");
                }
                default -> throw new Invalid("unknown flag '" + arg + "' (see --help)");
            }
        }
        return given;
    }

    /** {@code :9200}, {@code 127.0.0.1:9200}, {@code [::1]:9200}, {@code localhost:0}. */
    static InetSocketAddress address(String text) throws Invalid {
        int colon = text.lastIndexOf(':');
        if (colon < 0) throw new Invalid("--listen '" + text + "' must be [HOST]:PORT, e.g. :9200 or 127.0.0.1:9200");
        String host = text.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new Invalid("--listen '" + text + "': port must be a number from 0 to 65535");
        }
        if (port < 0 || port > 65535) throw new Invalid("--listen '" + text + "': port must be a number from 0 to 65535");
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        else if (host.contains(":")) throw new Invalid("--listen '" + text + "': write an IPv6 host in brackets, e.g. [::1]:9200");
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }
}
