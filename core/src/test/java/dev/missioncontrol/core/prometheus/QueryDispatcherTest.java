package dev.missioncontrol.core.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.core.prometheus.QueryDispatcher.Query;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Queries leave the asking thread: an asker gets its answer only once it has landed, is woken when it lands, and one
 * address never holds more than its share of the dispatcher's threads, so an address that stalls delays nobody who
 * queries another.
 */
@Tag("unit")
class QueryDispatcherTest {

    static final Query A = new Query("http://a.svc:9090", "up", null);
    static final Query A2 = new Query("http://a.svc:9090", "sum(up)", null);
    static final Query B = new Query("http://b.svc:9090", "up", null);

    final UnreachableAddressesTest.MovableClock clock = new UnreachableAddressesTest.MovableClock();
    final ExecutorService threads = Executors.newFixedThreadPool(4);
    final List<String> sentOn = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    QueryDispatcher dispatcher(Function<Query, QueryResult> send, int perAddress) {
        return new QueryDispatcher(q -> {
            sentOn.add(Thread.currentThread().getName());
            return send.apply(q);
        }, threads, perAddress, Duration.ofSeconds(30), clock);
    }

    @Test
    void anAnswerIsSentOffTheAskingThreadWakesTheAskerAndIsHandedOutOnce() throws Exception {
        var sent = new AtomicInteger();
        var dispatcher = dispatcher(q -> {
            sent.incrementAndGet();
            return QueryResult.value(0.5);
        }, 2);
        var landed = new CountDownLatch(1);

        assertThat(dispatcher.take("cohort-1", A, landed::countDown)).as("nothing has landed yet").isEmpty();
        assertThat(landed.await(10, TimeUnit.SECONDS)).as("the asker was woken").isTrue();
        assertThat(sentOn).singleElement().isNotEqualTo(Thread.currentThread().getName());

        var answer = dispatcher.take("cohort-1", A, () -> { });
        assertThat(answer).map(QueryDispatcher.Answer::result).contains(QueryResult.value(0.5));
        assertThat(sent).hasValue(1);
        // Handed out once: the next analysis asks Prometheus again.
        assertThat(dispatcher.take("cohort-1", A, () -> { })).isEmpty();
        awaitInFlight(dispatcher, 0);
        assertThat(sent).hasValue(2);
    }

    @Test
    void aQueryInFlightIsNotSentTwiceAndAnswersAreTheAskersOwn() throws Exception {
        var release = new CountDownLatch(1);
        var sent = new AtomicInteger();
        var dispatcher = dispatcher(q -> {
            sent.incrementAndGet();
            await(release);
            return QueryResult.value(1);
        }, 4);
        var woken = new CountDownLatch(2);
        assertThat(dispatcher.take("cohort-1", A, woken::countDown)).isEmpty();
        assertThat(dispatcher.take("cohort-1", A, woken::countDown)).isEmpty();
        assertThat(dispatcher.take("cohort-2", A, woken::countDown)).isEmpty();
        release.countDown();
        assertThat(woken.await(10, TimeUnit.SECONDS)).isTrue();
        awaitInFlight(dispatcher, 0);
        assertThat(sent).as("one request per asker, however often it asked").hasValue(2);
        assertThat(dispatcher.take("cohort-2", A, () -> { })).isPresent();
        assertThat(dispatcher.take("cohort-1", A, () -> { })).isPresent();
    }

    @Test
    void aStalledAddressHoldsAtMostItsShareOfThreadsAndDelaysNoOtherAddress() throws Exception {
        var stalled = new CountDownLatch(1);
        var running = new AtomicInteger();
        var mostAtOnce = new AtomicInteger();
        var dispatcher = dispatcher(q -> {
            if (q.address().equals(A.address())) {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                await(stalled);
                running.decrementAndGet();
            }
            return QueryResult.value(2);
        }, 2);
        var aLanded = new CountDownLatch(6);
        for (int i = 0; i < 6; i++) {
            assertThat(dispatcher.take("bad-" + i, A, aLanded::countDown)).isEmpty();
        }
        var bLanded = new CountDownLatch(1);
        assertThat(dispatcher.take("good", B, bLanded::countDown)).isEmpty();
        assertThat(bLanded.await(10, TimeUnit.SECONDS)).as("another address's answer lands while A stalls").isTrue();
        assertThat(dispatcher.take("good", B, () -> { })).map(QueryDispatcher.Answer::result).contains(QueryResult.value(2));
        for (int i = 0; i < 1000 && running.get() < 2; i++) {
            Thread.sleep(10);
        }
        assertThat(running.get()).as("A's queries running while it stalls").isEqualTo(2);
        assertThat(aLanded.getCount()).as("none of A's answers has landed").isEqualTo(6);

        stalled.countDown();
        assertThat(aLanded.await(10, TimeUnit.SECONDS)).as("A's waiting queries ran in turn").isTrue();
        assertThat(mostAtOnce).as("queries to A at once").hasValue(2);
    }

    @Test
    void anAnswerGivenBackIsTakenAgainAndAnOldOneIsAskedAgain() throws Exception {
        var dispatcher = dispatcher(q -> QueryResult.value(3), 2);
        var landed = new CountDownLatch(2);
        dispatcher.take("cohort-1", A, landed::countDown);
        dispatcher.take("cohort-1", A2, landed::countDown);
        assertThat(landed.await(10, TimeUnit.SECONDS)).isTrue();
        awaitInFlight(dispatcher, 0);

        var first = dispatcher.take("cohort-1", A, () -> { }).orElseThrow();
        dispatcher.giveBack("cohort-1", A, first);
        assertThat(dispatcher.take("cohort-1", A, () -> { })).contains(first);

        clock.advance(Duration.ofSeconds(31));
        assertThat(dispatcher.take("cohort-1", A2, () -> { })).as("an answer older than maxAge").isEmpty();
    }

    @Test
    void aFailingSendLandsAsAFailedQueryNotAnException() throws Exception {
        var dispatcher = dispatcher(q -> {
            throw new IllegalStateException("boom");
        }, 1);
        var landed = new CountDownLatch(1);
        dispatcher.take("cohort-1", A, landed::countDown);
        assertThat(landed.await(10, TimeUnit.SECONDS)).isTrue();
        var answer = dispatcher.take("cohort-1", A, () -> { }).orElseThrow().result();
        assertThat(answer.failure()).isEqualTo(QueryResult.Failure.QueryFailed);
        assertThat(answer.error()).doesNotContain("boom").contains("could not be sent");
    }

    private static void awaitInFlight(QueryDispatcher dispatcher, int n) throws InterruptedException {
        for (int i = 0; i < 1000 && dispatcher.inFlight() != n; i++) {
            Thread.sleep(10);
        }
        assertThat(dispatcher.inFlight()).isEqualTo(n);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
