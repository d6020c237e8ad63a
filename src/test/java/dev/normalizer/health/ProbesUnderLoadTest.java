package dev.normalizer.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.normalizer.auth.Roles;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.Api;
import dev.normalizer.testsupport.BaseDeployment;
import dev.normalizer.testsupport.PostgresResource;
import dev.normalizer.testsupport.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes restarts a pod on its liveness probe and sends it traffic on its readiness probe, and counts a probe not
 * answered within its {@code timeoutSeconds} (deploy/base) as failed. However busy the API is, both must answer within
 * that timeout, liveness must not queue behind API requests, and readiness must stay UP: a replica serving at its
 * capacity taken out of its Service would pass its load to the others until none is left. Here 250 clients each ask
 * for the largest patient page on both read paths, back to back, far more than the 4 pooled connections serve at
 * once, while the probes ask. Kubernetes probes a pod from its start, before it gets any traffic; so does this test,
 * once, before the load.
 *
 * <p>The service, its PostgreSQL and the clients share this machine's cores, as the run command's embedded
 * database does. With a pool of 20, liveness waited seconds here, its median among them; readiness, with Quarkus' own
 * datasource check, answered 503 after the pool's 5-s acquisition timeout (docs/health.md).
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class ProbesUnderLoadTest {

    /** More than Quarkus' 200 worker threads: requests queue for a thread as well as for a connection. */
    private static final int CLIENTS = 250;
    private static final Duration LOAD = Duration.ofSeconds(10);
    private static final Duration WARM_UP = Duration.ofSeconds(3);
    /** Far above a liveness answer that does not wait for the API (15 to 44 ms here), far below one that does. */
    private static final Duration MEDIAN_LIMIT = Duration.ofMillis(250);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One probe's answer: its status ({@code -1} for none within 10 s), body and how long it took. */
    record Answer(int status, String body, long millis) {
        @Override
        public String toString() {
            return status + " in " + millis + " ms";
        }
    }

    @Test
    void liveAndReadyAnswerInTimeAndReadyStaysUpWhileTheApiIsSaturated() throws Exception {
        HttpClient load = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpClient probes = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicLong answered = new AtomicLong();
        ConcurrentHashMap<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        List<HttpRequest> requests = new ArrayList<>();
        for (ReadPath path : ReadPath.values()) {
            requests.add(HttpRequest.newBuilder(uri("/api/patients?size=200"))
                    .header("Authorization", "Bearer " + Tokens.of(Api.user(path), 1, Roles.CLINICIAN))
                    .timeout(Duration.ofSeconds(60)).build());
        }
        probe(probes, "/q/health/live");
        probe(probes, "/q/health/ready");
        long end = System.nanoTime() + LOAD.toNanos();
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(loop(load, requests.get(i % requests.size()), end, inFlight, answered, statuses));
        }

        Thread.sleep(WARM_UP.toMillis());
        List<Answer> live = new ArrayList<>();
        List<Answer> ready = Collections.synchronizedList(new ArrayList<>());
        List<Integer> busyWhenProbed = new ArrayList<>();
        CompletableFuture<?> readiness = CompletableFuture.completedFuture(null);
        while (System.nanoTime() < end - Duration.ofSeconds(1).toNanos()) {
            busyWhenProbed.add(inFlight.get());
            live.add(probe(probes, "/q/health/live"));
            if (readiness.isDone()) {
                readiness = CompletableFuture.runAsync(() -> ready.add(probe(probes, "/q/health/ready")));
            }
            Thread.sleep(250);
        }
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).join();
        readiness.join();

        List<Long> liveMillis = live.stream().map(Answer::millis).sorted().toList();
        long median = liveMillis.get(liveMillis.size() / 2);
        System.out.printf("[probes-under-load] %d list requests answered in %d s (statuses %s); requests in flight "
                + "when probed: min %d; /q/health/live: median %d ms, max %d ms, in turn %s; /q/health/ready: %s%n",
                answered.get(), LOAD.toSeconds(), statuses, Collections.min(busyWhenProbed), median,
                liveMillis.get(liveMillis.size() - 1), live.stream().map(Answer::millis).toList(), ready);
        assertTrue(live.size() >= 10, "too few probes, each slow: " + live);
        assertTrue(Collections.min(busyWhenProbed) >= CLIENTS / 2,
                "the API was not saturated while probed: " + busyWhenProbed);
        assertTrue(median < MEDIAN_LIMIT.toMillis(), "/q/health/live waited for the API: " + live);
        assertAnsweredInTime(live, "livenessProbe");
        assertFalse(ready.isEmpty(), "no readiness answer");
        assertAnsweredInTime(ready, "readinessProbe");
        assertTrue(ready.stream().anyMatch(ProbesUnderLoadTest::foundThePoolBusy),
                "no readiness probe found requests waiting for a connection: " + ready);
        assertEquals(200, RestAssured.get("/q/health/live").statusCode());
    }

    /** Every answer UP (200) within the timeout Kubernetes gives {@code probe}. */
    private static void assertAnsweredInTime(List<Answer> answers, String probe) throws IOException {
        long timeout = BaseDeployment.probeTimeout(probe).toMillis();
        for (Answer answer : answers) {
            assertTrue(answer.status() == 200 && answer.millis() < timeout,
                    probe + " wants 200 within " + timeout + " ms: " + answers);
        }
    }

    /** One client: the same request again as soon as the last is answered, until {@code end}. */
    private static CompletableFuture<Void> loop(HttpClient client, HttpRequest request, long end,
            AtomicInteger inFlight, AtomicLong answered, ConcurrentHashMap<Integer, AtomicLong> statuses) {
        if (System.nanoTime() >= end) {
            return CompletableFuture.completedFuture(null);
        }
        inFlight.incrementAndGet();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, failure) -> {
                    inFlight.decrementAndGet();
                    answered.incrementAndGet();
                    statuses.computeIfAbsent(response == null ? -1 : response.statusCode(), s -> new AtomicLong())
                            .incrementAndGet();
                    return null;
                })
                .thenCompose(ignored -> loop(client, request, end, inFlight, answered, statuses));
    }

    private static boolean foundThePoolBusy(Answer answer) {
        try {
            for (JsonNode check : JSON.readTree(answer.body()).path("checks")) {
                if (check.path("name").asText().equals("database") && check.path("data").path("busy").asBoolean()
                        && check.path("data").path("waiting").asLong() > 0) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code path}'s answer; one not answered within 10 s counts as none, at the time it took. */
    private static Answer probe(HttpClient client, String path) {
        long start = System.nanoTime();
        int status = -1;
        String body = "";
        try {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            body = response.body();
        } catch (IOException e) {
            // A timeout: no status.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Answer(status, body, Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    private static URI uri(String path) {
        return URI.create("http://localhost:" + RestAssured.port + path);
    }
}
