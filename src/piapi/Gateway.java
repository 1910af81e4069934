package piapi;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import piapi.admin.AdminApi;
import piapi.admin.AdminAuthFailures;
import piapi.admin.AdminPage;
import piapi.admin.AdminToken;
import piapi.admin.ConfigEndpoints;
import piapi.admin.ConfigHistory;
import piapi.admin.EditEndpoints;
import piapi.admin.GoCompatEndpoints;
import piapi.admin.HistoryRecorder;
import piapi.admin.RequestLogEndpoints;
import piapi.admin.RoutesEndpoint;
import piapi.admin.SeriesEndpoint;
import piapi.admin.StatusEndpoints;
import piapi.admin.UsageEndpoints;
import piapi.config.ConfigFile;
import piapi.config.ConfigHolder;
import piapi.config.ConfigLoader;
import piapi.config.ConfigReloader;
import piapi.config.ConfigUpdates;
import piapi.config.ConfigSnapshot;
import piapi.config.DataDir;
import piapi.config.ParsedConfig;
import piapi.config.Problem;
import piapi.config.Secret;
import piapi.ledger.InstanceId;
import piapi.ledger.Ledger;
import piapi.ledger.LedgerOptions;
import piapi.limits.FreeModels;
import piapi.limits.Limiter;
import piapi.observe.AccessLog;
import piapi.observe.BuildInfo;
import piapi.observe.ConfigReloadReporter;
import piapi.observe.Events;
import piapi.observe.LogSink;
import piapi.observe.Metrics;
import piapi.observe.MinuteSeries;
import piapi.observe.RequestLog;
import piapi.observe.RequestMetrics;
import piapi.observe.RuntimeMetrics;
import piapi.observe.TokenMetrics;
import piapi.proxy.Forwarder;
import piapi.proxy.Heartbeats;
import piapi.proxy.IdleWatchdog;
import piapi.proxy.MetricsTap;
import piapi.proxy.RelayTaps;
import piapi.proxy.ResponseRelay;
import piapi.proxy.UpstreamClients;
import piapi.proxy.UpstreamMetrics;
import piapi.route.Router;
import piapi.server.GracefulStop;
import piapi.server.InFlight;
import piapi.server.MemoryBudget;
import piapi.server.Pipeline;
import piapi.server.RequestBodies;
import piapi.server.StreamMemory;
import piapi.server.RequestRecorder;
import piapi.server.StartupTime;
import piapi.server.UsageTap;

/**
 * One running piapi: the HTTP server on virtual threads, the live config, the upstream clients and the
 * runtime state. Nothing is static, so a test can run several in one JVM. Close it to stop.
 */
public final class Gateway implements AutoCloseable {
    private final GatewayOptions options;
    private final BuildInfo build;
    private final LogSink logSink;
    private final Events events;
    private final ConfigHolder config;
    private final UpstreamClients clients = new UpstreamClients();
    private final IdleWatchdog watchdog = new IdleWatchdog();
    private final ExecutorService executor;
    private final HttpServer server;
    private final Metrics metrics = new Metrics();
    private final Router router;
    private final RelayTaps relayTaps;
    private final AdminApi admin;
    private final AdminPage page; // the admin page's static files; null when the admin API is off
    private final ConfigHistory history; // the config versions the admin page shows; null when the admin API is off
    private final MinuteSeries series; // the dashboard's last hour
    private final RequestLog requestLog;
    private final ConfigReloadReporter reloads;
    private final ConfigReloader reloader;
    private final InFlight inFlight = new InFlight();
    private final GracefulStop stop;
    private final DataDir dataDir;
    private final Ledger ledger;
    private final Limiter limiter;

    private Gateway(GatewayOptions options, ConfigSnapshot first, LogSink logSink, ConfigHolder config) throws IOException {
        this.options = options;
        this.build = BuildInfo.fromManifest();
        this.logSink = logSink;
        this.events = new Events(logSink, options.logLevel(), options.logFormat(), options.clock());
        events.announceDrops();
        this.config = config;
        this.dataDir = DataDir.resolve(options.dataDir(), first.settings().server(), options.configPath());
        if (!dataDir.writable()) {
            events.warn("data_dir_unwritable", "path", dataDir.path().toString(), "problem", dataDir.problem(),
                    "effect", "usage and config history are kept in memory only");
        }
        this.router = new Router(options.clock());
        this.relayTaps = new RelayTaps(metrics, events);
        this.requestLog = new RequestLog(RequestLog.capacityFrom(options.env().get(LOG_CAPACITY))); // checked in start()
        this.reloads = new ConfigReloadReporter(metrics, events, config);
        ConfigLoader loader = new ConfigLoader(options.env());
        this.series = new MinuteSeries(options.clock());
        // with the admin API on, every version the reloader loads or refuses is kept for the admin page's history
        String adminToken = options.env().get(AdminToken.VARIABLE);
        this.history = adminToken == null || adminToken.isEmpty() ? null : ConfigHistory.open(dataDir, options.clock(), events);
        HistoryRecorder versions = history == null ? null
                : new HistoryRecorder(history, reloads, options.configPath(), "admin " + Secret.of(adminToken).fingerprint());
        this.reloader = new ConfigReloader(options.configPath(), loader, config, versions != null ? versions : reloads, options.clock());
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("piapi-req-", 0).factory());
        this.server = HttpServer.create(options.listen(), 1024);
        server.setExecutor(executor);
        this.ledger = openLedger(options, port());
        this.limiter = limiter(first);
        this.admin = adminApi(options, loader);
        this.page = admin == null ? null : AdminPage.fromClasspath();
        if (versions != null) versions.started(first.sha256());
        List<String> missing = RuntimeMetrics.register(metrics, build, logSink);
        if (!missing.isEmpty()) events.warn("metrics_incomplete", "reason", "the Java runtime lacks modules", "missing_modules", missing);
        server.createContext("/", pipeline(first));
        this.stop = new GracefulStop(server, inFlight, executor, clients, watchdog, events, logSink, ledger::close);
        server.start();
        reloader.startWatching();
        events.info("started", "version", build.version(), "commit", build.commit(), "java", Runtime.version().toString(),
                "listen", address(), "config", String.valueOf(options.configPath()), "data_dir", dataDir.path().toString(),
                "config_generation", first.generation(), "config_sha256", first.sha256(),
                "startup_ms", StartupTime.sinceProcessStartMillis());
    }

    /** The heap's budget for requests in flight, shown in /metrics. */
    private StreamMemory streamMemory() {
        StreamMemory memory = StreamMemory.forThisJvm();
        metrics.gauge("piapi_proxy_capacity", "Proxied requests (streams) the memory budget lets be in flight at once.")
                .labels().set(memory.capacity());
        metrics.gauge("piapi_memory_pressure", "1 while the heap was nearly full after its last old-generation collection and new requests are refused, else 0.")
                .labels().setSupplier(() -> memory.underPressure() ? 1 : 0);
        return memory;
    }

    /** The request path (see {@link Pipeline}) and the runtime state that follows the config. */
    private Pipeline pipeline(ConfigSnapshot first) {
        UpstreamMetrics upstreamMetrics = new UpstreamMetrics(metrics, router.health(), options.clock());
        RequestMetrics requestMetrics = new RequestMetrics(metrics);
        TokenMetrics tokenMetrics = new TokenMetrics(metrics);
        follow(first, router::configChanged); // health and rotation state follow reloads
        follow(first, upstreamMetrics::configChanged);
        follow(first, requestMetrics::configChanged);
        follow(first, tokenMetrics::configChanged);
        relayTaps.register("metrics", MetricsTap.source(requestMetrics));
        relayTaps.register("usage", UsageTap.SOURCE); // each answer's usage, read as it is relayed
        Forwarder forwarder = new Forwarder(router, clients, new ResponseRelay(watchdog, relayTaps, new Heartbeats(metrics)), upstreamMetrics, events);
        RequestRecorder recorder = new RequestRecorder(requestMetrics, tokenMetrics, requestLog.andThen(series), ledger, options.clock(),
                new AccessLog(logSink, options.logLevel(), options.logFormat()), inFlight, events);
        return new Pipeline(inFlight, config, metrics, admin, page, requestMetrics, router, forwarder, recorder, events, requestBodies(first),
                streamMemory(), limiter);
    }

    /** Request bodies: in memory within {@code limits.requestBodyMemory} (followed on reload), else in temporary files. */
    private RequestBodies requestBodies(ConfigSnapshot first) {
        long maxHeap = Runtime.getRuntime().maxMemory();
        MemoryBudget memory = new MemoryBudget(0);
        follow(first, s -> memory.limit(s.settings().limits().requestBodyMemory().resolve(maxHeap)));
        return new RequestBodies(memory, RequestBodies.spillDirectory(dataDir), metrics, events);
    }

    /** Gives {@code follower} the first config now and every later one as it is published. */
    private void follow(ConfigSnapshot first, Consumer<ConfigSnapshot> follower) {
        follower.accept(first);
        config.addListener(follower);
    }

    /** Thrown when the config cannot be loaded at startup; carries every problem. */
    public static final class ConfigInvalid extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient List<Problem> problems;

        ConfigInvalid(List<Problem> problems) {
            super(problems.size() + " problem(s) in the config", null, false, false);
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    /** The request log's capacity, under the name existing deployments already set. */
    static final String LOG_CAPACITY = "PIAPI_LOG_CAPACITY";
    /** Where problems with piapi's own environment variables say they come from. */
    static final String ENVIRONMENT = "environment";

    /** What in piapi's own environment variables stops a start (each names its variable); empty when all is well. */
    static List<Problem> environmentProblems(Map<String, String> env) {
        List<Problem> problems = new ArrayList<>();
        String token = AdminToken.problem(env.get(AdminToken.VARIABLE));
        if (token != null) problems.add(new Problem(Problem.Severity.ERROR, ENVIRONMENT, null, AdminToken.VARIABLE, token));
        try {
            RequestLog.capacityFrom(env.get(LOG_CAPACITY));
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(Problem.Severity.ERROR, ENVIRONMENT, null, LOG_CAPACITY, e.getMessage()));
        }
        return problems;
    }

    /** Loads the config (refusing to start on any error) and starts serving. */
    public static Gateway start(GatewayOptions options) throws IOException, ConfigInvalid {
        TlsWarmup.begin();
        List<Problem> environment = environmentProblems(options.env());
        if (!environment.isEmpty()) throw new ConfigInvalid(environment);
        ParsedConfig result = new ConfigLoader(options.env()).load(options.configPath());
        if (!(result instanceof ParsedConfig.Loaded loaded)) throw new ConfigInvalid(result.problems());
        LogSink sink = options.synchronousLog() ? LogSink.synchronous(options.logOut()) : new LogSink(options.logOut(), 65_536);
        ConfigHolder holder = new ConfigHolder(options.clock());
        ConfigSnapshot first = holder.publish(loaded, options.configPath());
        Events events = new Events(sink, options.logLevel(), options.logFormat(), options.clock());
        for (Problem p : loaded.problems()) events.warn("config_warning", "problem", p.toString());
        try {
            return new Gateway(options, first, sink, holder);
        } catch (IOException | RuntimeException e) {
            sink.close();
            throw e;
        }
    }

    /** The usage ledger in {@code <data dir>/usage}, in memory only when the data dir cannot be written. */
    private Ledger openLedger(GatewayOptions options, int port) {
        java.nio.file.Path dir = null;
        String why = dataDir.problem();
        if (dataDir.writable()) {
            try {
                dir = dataDir.subdirectory("usage");
            } catch (IOException e) {
                why = "cannot create " + dataDir.path().resolve("usage") + ": " + e.getMessage();
            }
        }
        return Ledger.open(LedgerOptions.of(dir, why, InstanceId.resolve(options.env(), port),
                () -> config.current().settings().limits().timezone(), () -> config.current().settings().usage().retentionDays(),
                options.clock(), events, metrics));
    }

    /** Per-user limits and quotas, their day and month counters rebuilt from the ledger before the first request. */
    private Limiter limiter(ConfigSnapshot first) {
        Limiter l = new Limiter(options.clock(), ledger, metrics, events);
        l.freeModels(FreeModels.pricedAtZero(() -> config.current().settings().pricing()));
        l.start(first);
        config.addListener(l::configChanged);
        ledger.addListener(l::record);
        return l;
    }

    /** The admin API when PIAPI_ADMIN_TOKEN is set (endpoints are registered by the features), else null. */
    private AdminApi adminApi(GatewayOptions options, ConfigLoader loader) {
        String token = options.env().get(AdminToken.VARIABLE);
        if (token == null || token.isEmpty()) {
            events.info("admin_disabled", "reason", AdminToken.VARIABLE + " is not set");
            return null;
        }
        AdminApi api = new AdminApi(Secret.of(token), new AdminAuthFailures(metrics, events, options.clock()));
        ConfigFile file = new ConfigFile(options.configPath());
        ConfigUpdates updates = new ConfigUpdates(file, loader, reloader, config);
        ConfigEndpoints.register(api, config, file, updates, events);
        EditEndpoints.register(api, config, file, updates, history, events); // users, routes, providers, keys; history
        StatusEndpoints.register(api, build, options.clock(), config, reloader, reloads, events, dataDir)
                .section("usage_ledger", w -> UsageEndpoints.status(w, ledger));
        api.on("GET", "/routes", new RoutesEndpoint(config, router));
        RequestLogEndpoints.register(api, requestLog, options.clock());
        GoCompatEndpoints.register(api, config, router, requestLog, events);
        api.on("GET", "/series", new SeriesEndpoint(series, metrics, options.clock()));
        UsageEndpoints.register(api, ledger, limiter, config, options.clock());
        return api;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    public String address() {
        InetSocketAddress a = server.getAddress();
        return a.getHostString() + ":" + a.getPort();
    }

    public ConfigHolder config() {
        return config;
    }

    public BuildInfo build() {
        return build;
    }

    public GatewayOptions options() {
        return options;
    }

    public Metrics metrics() {
        return metrics;
    }

    /** Where durable data lives (resolved at start), and whether it can be written. */
    public DataDir dataDir() {
        return dataDir;
    }

    /** The taps every relayed response is shown to: register one at startup (usage, tests). */
    public RelayTaps relayTaps() {
        return relayTaps;
    }

    /** The usage ledger (the record stage appends to it; the usage API reads it). */
    public Ledger ledger() {
        return ledger;
    }

    /** Per-user limits and quotas (the admission stage asks it; the record stage feeds it through the ledger). */
    public Limiter limiter() {
        return limiter;
    }

    /** Reloads the config file on demand ({@code reloadNow}); its watcher follows the file's directory. */
    public ConfigReloader reloader() {
        return reloader;
    }

    /**
     * Stops gracefully with the configured {@code shutdown.grace}: new connections are refused at once,
     * requests and streams in progress may finish within the grace, then what remains is closed.
     * Returns when the gateway has stopped.
     */
    public void shutdown() {
        shutdown(config.current().settings().shutdown().grace());
    }

    /** {@link #shutdown()} with this grace; a zero grace while another shutdown drains cuts that drain short. */
    public void shutdown(Duration grace) {
        reloader.close(); // no config changes while draining
        stop.stop(grace); // closes the ledger after the requests (every one recorded, written and synced), before the log
    }

    /** Whether a shutdown has begun. */
    public boolean stopping() {
        return stop.stopping();
    }

    /** Blocks until the gateway has stopped. */
    public void awaitStopped() {
        stop.awaitStopped();
    }

    /** Stops at once: whatever is in progress is cut. */
    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }
}
