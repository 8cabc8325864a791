package dev.missioncontrol.mcctl.xai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class FailureClassificationTest {

    @Test
    void theFourRetryableStatusesAreRetryable() {
        for (int status : new int[] {429, 502, 503, 504}) {
            Failure f = FailureClassification.ofStatus(status);
            assertThat(f.retryable()).as("HTTP " + status).isTrue();
            assertThat(f.reason()).isEqualTo("http_" + status);
            assertThat(f.bucket()).isEqualTo(FailureClassification.EXHAUSTED);
        }
    }

    @Test
    void otherClientErrorsArePermanentEachInItsBucket() {
        assertThat(FailureClassification.ofStatus(400)).isEqualTo(new Failure("http_400", Failure.Permanence.PERMANENT, "bad_request", 400));
        assertThat(FailureClassification.ofStatus(413).bucket()).isEqualTo("too_large");
        assertThat(FailureClassification.ofStatus(422).bucket()).isEqualTo("schema");
        assertThat(FailureClassification.ofStatus(401).bucket()).isEqualTo("unauthorized");
        assertThat(FailureClassification.ofStatus(403).retryable()).isFalse();
    }

    @Test
    void whatTheTableDoesNotKnowIsPermanentAndUnbucketed() {
        for (int status : new int[] {418, 500, 501, 505, 301, 304}) {
            Failure f = FailureClassification.ofStatus(status);
            assertThat(f.retryable()).as("HTTP " + status).isFalse();
            assertThat(f.bucket()).as("HTTP " + status).isEqualTo(FailureClassification.UNBUCKETED);
        }
    }

    @Test
    void timeoutsAndConnectionErrorsAreRetryable() {
        assertThat(FailureClassification.ofException(new HttpTimeoutException("slow")).reason()).isEqualTo("timeout");
        assertThat(FailureClassification.ofException(new HttpTimeoutException("slow")).retryable()).isTrue();
        assertThat(FailureClassification.ofException(new ConnectException("refused")).reason()).isEqualTo("connection");
        assertThat(FailureClassification.ofException(new IOException("reset")).retryable()).isTrue();
        assertThat(FailureClassification.ofException(new IllegalStateException("bug")).retryable()).isFalse();
    }

    @Test
    void aSuccessIsNoFailure() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FailureClassification.ofStatus(204))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
