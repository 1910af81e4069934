package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static piapi.support.TestConfig.ADMIN_TOKEN;
import static piapi.support.TestConfig.adminConfig;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piapi.Gateway;
import piapi.GatewayOptions;
import piapi.http.JsonReader;
import piapi.support.Await;
import piapi.support.FakeUpstream;
import piapi.support.LogCapture;

/**
 * A config file bind-mounted on its own, as {@code docker run -v ./config.yaml:/etc/piapi/config.yaml}
 * does: rename onto it fails with EBUSY, so a PUT writes in place and keeps a backup, and edits on the host
 * raise no event in the watched directory, so the watcher's stat poll must find them. Runs where
 * {@code mount --bind} is permitted (root with CAP_SYS_ADMIN); skipped elsewhere.
 */
class BindMountedConfigTest {
    @TempDir
    Path dir;

    static boolean run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @Test
    void putWritesInPlaceWithABackupAndHostEditsAreSeen() throws Exception {
        Path hostFile = dir.resolve("host-config.yaml");
        Path etc = Files.createDirectory(dir.resolve("etc"));
        Path mounted = Files.createFile(etc.resolve("config.yaml"));
        try (FakeUpstream upstream = FakeUpstream.json(200, "{}")) {
            String original = adminConfig(upstream.url(), "alice").yaml();
            Files.writeString(hostFile, original);
            Files.setPosixFilePermissions(hostFile, PosixFilePermissions.fromString("rw-r-----"));
            assumeTrue(System.getProperty("os.name").contains("Linux") && run("mount", "--bind", hostFile.toString(), mounted.toString()),
                    "mount --bind is not permitted here");
            LogCapture log = new LogCapture();
            try (Gateway gateway = Gateway.start(new GatewayOptions(mounted, new java.net.InetSocketAddress("127.0.0.1", 0),
                    Map.of("PIAPI_ADMIN_TOKEN", ADMIN_TOKEN), log, Clock.systemUTC()))) {
                String next = adminConfig(upstream.url(), "alicia").yaml();
                HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + gateway.port() + "/piadmin/api/config/raw"))
                        .header("Authorization", "Bearer " + ADMIN_TOKEN).PUT(HttpRequest.BodyPublishers.ofString(next)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
                Map<String, Object> body = JsonReader.parseObject(r.body());
                assertEquals("in_place", body.get("write_mode"), "rename onto a bind-mounted file fails with EBUSY");
                Path backup = etc.resolve("config.yaml.piapi-backup");
                assertEquals(backup.toString(), body.get("backup"));
                assertEquals(original, Files.readString(backup));
                assertEquals(next, Files.readString(hostFile), "the host's file holds the new config");
                assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(hostFile)), "mode kept");
                assertEquals("alicia", gateway.config().current().config().users().get(0).name());

                Files.writeString(hostFile, adminConfig(upstream.url(), "carol").yaml()); // the operator edits on the host, in place
                Await.until("the host edit to be live", Duration.ofSeconds(10),
                        () -> gateway.config().current().config().users().get(0).name().equals("carol"));
            }
        } finally {
            run("umount", mounted.toString());
        }
    }
}
