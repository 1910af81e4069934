package piapi;

import java.io.PrintStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import piapi.admin.AdminToken;
import piapi.config.ConfigCheck;
import piapi.config.Problem;
import piapi.config.ReloadTrigger;
import piapi.demo.DemoSession;
import piapi.demo.Pacing;
import piapi.observe.BuildInfo;
import piapi.proxy.ClientTuning;
import piapi.server.ServerTuning;

/** The command-line entry point: flags, environment, wiring, shutdown hook; nothing else (the demo is wired in {@code piapi.demo}). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // The JDK server and client read their settings once, when their classes load: before any server or client
        // (the demo's providers too).
        ServerTuning.apply();
        ClientTuning.apply();
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit status (the server keeps running on its own threads after 0). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.getenv(), out, err);
    }

    /** {@link #run(String[], PrintStream, PrintStream)} with this environment (tests pass their own). */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
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
        if (flags.checkConfig()) return checkConfig(flags, env, out);
        if (flags.demo()) return demo(flags, env, out, err);
        return serve(flags, new GatewayOptions(flags.config(), flags.listen(), env, System.out, Clock.systemUTC(),
                flags.logLevel(), flags.logFormat(), flags.dataDir()), err, gateway -> {});
    }

    /** Starts the gateway and serves until the first stop signal has drained it; returns the exit status. */
    private static int serve(Flags flags, GatewayOptions options, PrintStream err, Consumer<Gateway> started) {
        if (refused(Gateway.environmentProblems(options.env()), err)) return 1;
        // Before the start: the JVM's own answer to SIGHUP is to exit. A hangup that arrives before the gateway
        // is up is dropped; the watcher's first look after the start catches any file change it announced.
        AtomicReference<Gateway> live = new AtomicReference<>();
        String noSighup = Signals.onHangup(() -> {
            Gateway g = live.get();
            if (g != null) g.reloader().reloadNow(ReloadTrigger.SIGNAL);
        });
        try {
            Gateway gateway = Gateway.start(options);
            live.set(gateway);
            AtomicInteger forced = new AtomicInteger(); // the exit status a second signal asked for
            boolean trapped = Signals.onStop(
                    signo -> Thread.ofPlatform().name("piapi-drain").start(gateway::shutdown),
                    signo -> forceExit(gateway, signo, forced, err));
            // Other exits (System.exit, or no signal API) still drain through the hook.
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("piapi-shutdown").unstarted(gateway::shutdown));
            if (noSighup != null) err.println("piapi: SIGHUP will not reload the config here (" + noSighup + "); the file watcher and POST /piadmin/api/reload do");
            err.println("piapi " + gateway.build().version() + " listening on http://" + displayHost(flags) + ":" + gateway.port()
                    + " (config " + options.configPath().toAbsolutePath() + ")" + (trapped ? "" : "; a second stop signal will not force the exit"));
            started.accept(gateway);
            gateway.awaitStopped(); // serve until the first stop signal has drained the gateway
            return forced.get();
        } catch (Gateway.ConfigInvalid e) {
            err.println("piapi: cannot start: the config is invalid");
            for (Problem p : e.problems()) err.println(p);
            return 1;
        } catch (java.io.IOException e) {
            err.println("piapi: cannot listen on " + flags.listenText() + ": " + e.getMessage());
            return 1;
        }
    }

    /** Environment problems, one line each, before anything is installed or bound; true when there are any. */
    private static boolean refused(List<Problem> environment, PrintStream err) {
        for (Problem p : environment) err.println("piapi: cannot start: " + p);
        return !environment.isEmpty();
    }

    /** {@code --demo}: the gateway on the demo's providers and config; the wiring lives in {@code piapi.demo}. */
    private static int demo(Flags flags, Map<String, String> env, PrintStream out, PrintStream err) {
        Map<String, String> others = new HashMap<>(env);
        others.remove(AdminToken.VARIABLE); // the demo makes its own
        if (refused(Gateway.environmentProblems(others), err)) return 1;
        DemoSession demo;
        try {
            demo = DemoSession.start(flags.configGiven() ? flags.config() : null, flags.dataDir(), Pacing.REALISTIC);
        } catch (DemoSession.ConfigExists e) {
            err.println("piapi: " + e.getMessage());
            return 2;
        } catch (java.io.IOException e) {
            err.println("piapi: cannot start the demo: " + e.getMessage());
            return 1;
        }
        try (demo) {
            GatewayOptions options = new GatewayOptions(demo.configFile(), flags.listen(), demo.env(env), System.out,
                    Clock.systemUTC(), flags.logLevel(), flags.logFormat(), demo.dataDir());
            return serve(flags, options, err, gateway -> out.print(demo.banner(flags.listen().getAddress(), gateway.port())));
        }
    }

    /** The second stop signal: cut what runs, give the log a moment to flush, and exit now. */
    private static void forceExit(Gateway gateway, int signo, AtomicInteger forced, PrintStream err) {
        forced.set(128 + signo); // the status a shell reports for death by that signal
        err.println("piapi: second stop signal: closing what remains and exiting now");
        Thread closer = Thread.ofPlatform().name("piapi-force-close").daemon(true).start(gateway::close);
        try {
            closer.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(128 + signo); // if the main thread has not exited with it already
    }

    private static int checkConfig(Flags flags, Map<String, String> env, PrintStream out) {
        return ConfigCheck.run(flags.config(), env, Gateway.environmentProblems(env), out);
    }

    private static String displayHost(Flags flags) {
        String host = flags.listen().getHostString();
        return flags.listen().getAddress() != null && flags.listen().getAddress().isAnyLocalAddress() ? "0.0.0.0" : host;
    }
}
