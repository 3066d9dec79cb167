package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/** The packaged runner as a program: its command line, start-up failures, request log, and SIGTERM. */
class RunnerProgramIT {
    private static final Pattern LOG_LINE = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z "
                    + "caller=\\S+ operation=\\S+ key=\\S+ status=\\d{3} error=\\S+ decision=\\S+ decided_by=\\S+ latency_ms=\\d+\\.\\d");

    private static RunnerOutput run(String... args) throws Exception {
        return new RunnerOutput(RunnerProcess.start(args));
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() throws Exception {
        for (String flag : new String[] {"--help", "-h"}) {
            try (RunnerOutput help = run("--port", "1", flag)) {
                assertEquals(0, help.awaitExit(), help.output());
                assertTrue(help.lines.get(0).startsWith("Usage: scripts/keysmith [options]"), help.output());
                assertTrue(help.output().contains("--allowed-host NAME"), help.output());
                assertFalse(help.output().contains("listening"), help.output());
            }
        }
    }

    @Test
    void anUnknownFlagExitsTwo() throws Exception {
        try (RunnerOutput bad = run("--bogus")) {
            assertEquals(2, bad.awaitExit(), bad.output());
            assertEquals("keysmith-local: unknown option --bogus", bad.lines.get(0));
        }
    }

    @Test
    void aRegionIsValidatedLikeAnAccount() throws Exception {
        try (RunnerOutput bad = run("--in-memory", "--region", "us-east-1; rm -rf")) {
            assertEquals(2, bad.awaitExit(), bad.output());
            assertEquals(
                    "keysmith-local: --region must be a region name such as us-east-1, not us-east-1; rm -rf",
                    bad.lines.get(0));
        }
    }

    @Test
    void aPortInUseIsOneLineAndExitOneAtOnce() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            long started = System.nanoTime();
            try (RunnerOutput busy = run("--in-memory", "--port", Integer.toString(port))) {
                assertEquals(1, busy.awaitExit(), busy.output());
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertEquals(List.of("keysmith-local: port " + port + " is already in use"), busy.lines);
                // The issue asks for 2 s; JVM start-up on a loaded CI machine gets some slack (typically 0.4 s here).
                assertTrue(ms < 5_000, "exited after " + ms + " ms");
            }
        }
    }

    @Test
    void aDataDirThatIsAFileIsOneLineAndExitOne(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        try (RunnerOutput bad = run("--port", "0", "--data-dir", file.toString())) {
            assertEquals(1, bad.awaitExit(), bad.output());
            assertEquals(List.of("keysmith-local: --data-dir " + file + " is not a directory"), bad.lines);
        }
    }

    /** DynamoDB Local's telemetry writes dynamodb-local-metadata.json into the working directory unless it is off. */
    @Test
    void nothingIsWrittenOutsideTheDataDir(@TempDir Path dir) throws Exception {
        Path cwd = Files.createDirectories(dir.resolve("cwd"));
        Path data = dir.resolve("data");
        Process process = RunnerProcess.builder("--port", "0", "--data-dir", data.toString())
                .directory(cwd.toFile())
                .start();
        try (RunnerOutput runner = new RunnerOutput(process)) {
            int port = runner.awaitListening();
            assertTrue(port > 0, runner.output());
            runner.kms(port).createKey();
        }
        try (Stream<Path> left = Files.list(cwd)) {
            assertEquals(List.of(), left.toList());
        }
        try (Stream<Path> files = Files.list(data)) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            assertTrue(
                    names.contains("keysmith.db") && names.stream().allMatch(n -> n.startsWith("keysmith.db")),
                    names.toString());
        }
    }

    @Test
    void oneLogLinePerRequestWithEveryFieldAndNoNull() throws Exception {
        // Given: a runner without --identities
        String arn;
        String output;
        try (LocalKeysmith keysmith = LocalKeysmith.withFlags("--in-memory")) {
            // When: it serves a CreateKey, a DescribeKey of a missing alias, and a GET of an unknown path
            arn = keysmith.kms.createKey().keyMetadata().arn();
            assertThrows(NotFoundException.class, () -> keysmith.kms.describeKey(b -> b.keyId("alias/missing")));
            try (RawHttp http = new RawHttp(keysmith.port(), 20_000)) {
                http.send(RawHttp.request("GET", "/nowhere", keysmith.port(), ""));
                http.read();
            }
            Thread.sleep(200);
            output = keysmith.output();
        }
        // Then: it logs one line per request, each with every field and none null
        List<String> requests =
                output.lines().filter(l -> l.contains(" caller=")).toList();
        assertEquals(3, requests.size(), output);
        for (String line : requests) {
            assertTrue(LOG_LINE.matcher(line).matches(), "not a log line: [" + line + "]");
            assertFalse(line.contains("null"), line);
        }
        // Without --identities every caller is the account's root; a request refused before that has no caller.
        assertTrue(output.contains("no --identities: every caller is arn:aws:iam::000000000000:root"), output);
        assertTrue(
                requests.get(0)
                        .contains(" caller=arn:aws:iam::000000000000:root operation=CreateKey key=" + arn
                                + " status=200 error=- "),
                requests.get(0));
        assertTrue(
                requests.get(1)
                        .contains(" operation=DescribeKey key=alias/missing status=400 error=NotFoundException "),
                requests.get(1));
        assertTrue(
                requests.get(2)
                        .contains(" caller=- operation=- key=- status=404 " + "error=UnknownOperationException "),
                requests.get(2));
        assertFalse(output.contains("io.keysmith.api.KmsApi"), "the slf4j request line is still printed: " + output);
    }

    /** A request in flight when SIGTERM arrives is answered; then the runner exits 0. */
    @Test
    void sigtermLetsRequestsInFlightFinishAndExitsZero() throws Exception {
        // Given: a runner started as a program, listening, its output read line by line
        Process process = RunnerProcess.start("--port", "0", "--in-memory");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            int port = -1;
            StringBuilder seen = new StringBuilder();
            while (port < 0) {
                String line = lines.poll(60, TimeUnit.SECONDS);
                assertTrue(line != null, "the runner did not start: " + seen);
                seen.append(line).append('\n');
                if (line.startsWith("Keysmith listening on http://127.0.0.1:")) {
                    port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
                }
            }
            // When: a request is half sent and the runner gets SIGTERM
            try (RawHttp http = new RawHttp(port, 20_000)) {
                String body = "{\"NumberOfBytes\":16}";
                http.send("POST / HTTP/1.1\r\nHost: 127.0.0.1:" + port
                        + "\r\nX-Amz-Target: TrentService.GenerateRandom\r\n"
                        + "Content-Type: application/x-amz-json-1.1\r\nContent-Length: " + body.length() + "\r\n\r\n"
                        + body.substring(0, 5));
                Thread.sleep(300); // the headers are read: the request is in flight
                // SIGTERM through the handle: Process.destroy() would also close our end of the runner's output.
                process.toHandle().destroy();
                String line;
                do {
                    line = lines.poll(10, TimeUnit.SECONDS);
                    assertTrue(line != null, "no stopping line; alive " + process.isAlive() + ": " + seen);
                    seen.append(line).append('\n');
                } while (!line.startsWith("Keysmith stopping"));
                // Then: the request in flight is still answered, and its connection closed
                http.send(body.substring(5));
                RawHttp.Response response = http.read();
                assertEquals(200, response.status(), response.body());
                assertEquals("close", response.header("Connection"));
            }
            // Then: the runner exits 0, its output clean and the request logged
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the runner did not exit");
            assertEquals(0, process.exitValue());
            reader.join(5_000);
            lines.forEach(l -> seen.append(l).append('\n'));
            LocalKeysmith.assertCleanOutput(seen.toString());
            assertTrue(seen.toString().contains("operation=GenerateRandom key=- status=200"), seen.toString());
        } finally {
            process.destroyForcibly();
        }
    }
}
