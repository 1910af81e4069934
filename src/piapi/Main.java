package piapi;

import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import piapi.config.ConfigLoader;
import piapi.config.LoadResult;
import piapi.config.Problem;
import piapi.config.ReloadTrigger;
import piapi.observe.BuildInfo;

/** The command-line entry point: flags, environment, wiring, shutdown hook; nothing else. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit status (the server keeps running on its own threads after 0). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Flags flags;
        try {
            flags = Flags.parse(args);
        } catch (Flags.Invalid e) {
            err.println("piapi: " + e.getMessage());
            return 2;
        }
        if (flags.help()) {
            out.print(Flags.USAGE);
            return 0;
        }
        if (flags.version()) {
            out.println(BuildInfo.fromManifest());
            return 0;
        }
        if (flags.checkConfig()) return checkConfig(flags, out, err);
        // Before the start: the JVM's own answer to SIGHUP is to exit. A hangup that arrives before the gateway
        // is up is dropped; the watcher's first look after the start catches any file change it announced.
        AtomicReference<Gateway> live = new AtomicReference<>();
        String noSighup = Sighup.install(() -> {
            Gateway g = live.get();
            if (g != null) g.reloader().reloadNow(ReloadTrigger.SIGNAL);
        });
        try {
            Gateway gateway = Gateway.start(new GatewayOptions(flags.config(), flags.listen(), System.getenv(), System.out, Clock.systemUTC(),
                    flags.logLevel(), flags.logFormat()));
            live.set(gateway);
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("piapi-shutdown").unstarted(gateway::close));
            if (noSighup != null) err.println("piapi: SIGHUP will not reload the config here (" + noSighup + "); the file watcher and POST /piadmin/api/reload do");
            err.println("piapi " + gateway.build().version() + " listening on http://" + displayHost(flags) + ":" + gateway.port()
                    + " (config " + flags.config().toAbsolutePath() + ")");
            Thread.currentThread().join(); // serve until a signal; the hook closes the gateway
            return 0;
        } catch (Gateway.ConfigInvalid e) {
            err.println("piapi: cannot start: the config is invalid");
            for (Problem p : e.problems()) err.println(p);
            return 1;
        } catch (java.io.IOException e) {
            err.println("piapi: cannot listen on " + flags.listenText() + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            return 0;
        }
    }

    private static int checkConfig(Flags flags, PrintStream out, PrintStream err) {
        LoadResult result = new ConfigLoader(System.getenv()).load(flags.config());
        for (Problem p : result.problems()) err.println(p);
        if (result instanceof LoadResult.Loaded loaded) {
            out.println(flags.config() + ": OK (" + loaded.config().providers().size() + " providers, "
                    + loaded.config().users().size() + " users)");
            return 0;
        }
        out.println(flags.config() + ": INVALID (" + result.problems().stream().filter(Problem::isError).count() + " errors)");
        return 1;
    }

    private static String displayHost(Flags flags) {
        String host = flags.listen().getHostString();
        return flags.listen().getAddress() != null && flags.listen().getAddress().isAnyLocalAddress() ? "0.0.0.0" : host;
    }
}
