package piapi.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * nginx as a reference reverse proxy for the concurrent-streams benchmark: one process (no master, no
 * daemon), pinned like piapi, proxying to the same upstream with response buffering off, so every event
 * is passed on as it arrives, as piapi does.
 */
final class Nginx {
    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/sbin/nginx"), Path.of("/usr/bin/nginx"),
            Path.of("/usr/local/sbin/nginx"), Path.of("/usr/local/nginx/sbin/nginx"));
    private final Path binary;

    private Nginx(Path binary) {
        this.binary = binary;
    }

    /** nginx when installed, else null. */
    static Nginx find() {
        return CANDIDATES.stream().filter(Files::isExecutable).findFirst().map(Nginx::new).orElse(null);
    }

    StreamsBench.Figures measure(StreamsBench bench, int upstreamPort, int n) throws Exception {
        Path prefix = Files.createDirectories(bench.work().resolve("nginx"));
        int port = PiapiProcess.freePort();
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, """
                worker_processes 1;
                master_process off;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                worker_rlimit_nofile 65536;
                events { worker_connections 32768; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  upstream sse { server 127.0.0.1:%2$d; keepalive 64; }
                  server {
                    listen 127.0.0.1:%3$d;
                    location / {
                      proxy_pass http://sse;
                      proxy_http_version 1.1;
                      proxy_set_header Connection "";
                      proxy_buffering off;
                      proxy_read_timeout 600s;
                    }
                  }
                }
                """.formatted(prefix.toAbsolutePath(), upstreamPort, port), StandardCharsets.UTF_8);
        try (BenchChild nginx = BenchChild.start(BenchChild.pinned(bench.gatewayCpu(),
                List.of(binary.toString(), "-p", prefix.toAbsolutePath().toString(), "-c", conf.toAbsolutePath().toString())),
                bench.errors())) {
            waitForPort(port, nginx);
            return bench.measure("nginx", nginx.pid(), port, "/v1/sse", null, n, null);
        }
    }

    private static void waitForPort(int port, BenchChild nginx) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() - deadline < 0) {
            try {
                new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port).close();
                return;
            } catch (IOException e) {
                if (!nginx.alive()) throw new IOException("nginx exited at start; see the streams stderr log");
                Thread.sleep(20);
            }
        }
        throw new IOException("nginx did not listen within 10 s");
    }
}
