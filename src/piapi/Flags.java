package piapi;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import piapi.observe.LogFormat;
import piapi.observe.LogLevel;

/**
 * The command line: {@code --config PATH}, {@code --listen [HOST]:PORT}, {@code --log-level LEVEL},
 * {@code --log-format json|text}, {@code --data-dir DIR}, {@code --check-config}, {@code --version}, {@code --help}. Accepts {@code --flag value}, {@code --flag=value} and the Go
 * version's single-dash spellings, so existing scripts keep working.
 */
record Flags(Path config, InetSocketAddress listen, String listenText, boolean checkConfig, boolean version, boolean help,
             LogLevel logLevel, LogFormat logFormat, Path dataDir) {

    static final String USAGE = """
            Usage: piapi [--config PATH] [--listen [HOST]:PORT] [--data-dir DIR] [--log-level LEVEL] [--log-format FORMAT]
                         [--check-config] [--version] [--help]
              --config PATH        config file (default config.yaml)
              --listen [HOST]:PORT address to listen on (default :9200, all interfaces)
              --data-dir DIR       durable data (usage ledger, config history); default: the config's
                                   server.dataDir, else piapi-data/ beside the config file
              --log-level LEVEL    debug, info (default), warn or error: lines below it are not written
              --log-format FORMAT  json (default: one JSON object per line) or text (readable, for a terminal)
              --check-config       validate the config, print every problem, exit 0 (valid) or 1 (invalid)
              --version            print the version and exit
              --help               print this help and exit

            Environment:
              PIAPI_ADMIN_TOKEN             turns the admin API (/piadmin/api) on; at least 16 characters,
                                            e.g. from: openssl rand -hex 24
              PIAPI_LOG_CAPACITY            requests kept for the admin request log (default 1000, at most 100000)
              PIAPI_ADAPTIVE_HALFLIFE       adaptive_rr half-life when routing.adaptiveHalfLife is absent (e.g. 1m)
              PIAPI_ADAPTIVE_QUALITY_FLOOR  adaptive_rr floor when routing.adaptiveFloor is absent (0 < f < 1)
              PIAPI_JAVA_OPTS               extra JVM flags, read by the release bundle's bin/piapi launcher
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
        Path config = Path.of("config.yaml");
        String listen = ":9200";
        boolean check = false, version = false, help = false;
        LogLevel logLevel = LogLevel.INFO;
        LogFormat logFormat = LogFormat.JSON;
        Path dataDir = null;
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
                case "config", "listen", "data-dir" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) throw new Invalid("--" + name + " needs a value (see --help)");
                        value = args[++i];
                    }
                    if (value.isBlank()) throw new Invalid("--" + name + " must not be empty");
                    switch (name) {
                        case "config" -> config = Path.of(value);
                        case "data-dir" -> dataDir = Path.of(value);
                        default -> listen = value;
                    }
                }
                case "log-level", "log-format" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) throw new Invalid("--" + name + " needs a value (see --help)");
                        value = args[++i];
                    }
                    if (name.equals("log-level")) {
                        logLevel = LogLevel.parse(value);
                        if (logLevel == null) throw new Invalid("--log-level '" + value + "' must be debug, info, warn or error");
                    } else {
                        logFormat = LogFormat.parse(value);
                        if (logFormat == null) throw new Invalid("--log-format '" + value + "' must be json or text");
                    }
                }
                case "check-config", "version", "help", "h" -> {
                    if (value != null) throw new Invalid("--" + name + " takes no value");
                    switch (name) {
                        case "check-config" -> check = true;
                        case "version" -> version = true;
                        default -> help = true;
                    }
                }
                default -> throw new Invalid("unknown flag '" + arg + "' (see --help)");
            }
        }
        return new Flags(config, address(listen), listen, check, version, help, logLevel, logFormat, dataDir);
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
