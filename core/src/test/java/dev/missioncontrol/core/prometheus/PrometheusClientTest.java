package dev.missioncontrol.core.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class PrometheusClientTest {

    @Test
    void prometheusResponsesAreParsedStrictly() {
        assertThat(PrometheusClient.parse(200, """
                {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1.7e9,"0.4875"]}]}}""").value())
                .isEqualTo(0.4875);
        assertThat(PrometheusClient.parse(200, """
                {"status":"success","data":{"resultType":"vector","result":[]}}""").value()).isNull();
        assertThat(PrometheusClient.parse(200, """
                {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"NaN"]}]}}""").note())
                .contains("NaN");
        assertThat(PrometheusClient.parse(200, """
                {"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"1"},"value":[1,"1"]},{"metric":{"a":"2"},"value":[1,"2"]}]}}""")
                .error()).contains("one series, got 2");
        assertThat(PrometheusClient.parse(400, """
                {"status":"error","errorType":"bad_data","error":"parse error at char 5"}""").error())
                .isEqualTo("HTTP 400 bad_data: parse error at char 5");
        assertThat(PrometheusClient.parse(502, "<html>bad gateway</html>").error()).contains("HTTP 502");
    }
}
