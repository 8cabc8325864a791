package dev.missioncontrol.operator.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missioncontrol.core.onboarding.Amounts;
import dev.missioncontrol.core.onboarding.ObjectRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AdmissionAnswersTest {

    static final ObjectRef POD = new ObjectRef("Pod", "t1-app", "probe");

    @Test
    void theCheckIsReadFromTheApiServersAnswer() {
        assertThat(AdmissionAnswers.denial(POD, 403, "Forbidden", "pods \"probe\" is forbidden: violates PodSecurity \"baseline:latest\": "
                + "host namespaces (hostNetwork=true)").check()).isEqualTo("PodSecurity");
        assertThat(AdmissionAnswers.denial(POD, 403, "Forbidden", "pods \"probe\" is forbidden: exceeded quota: tenant-budget, "
                + "requested: requests.cpu=8").check()).isEqualTo("ResourceQuota");
        assertThat(AdmissionAnswers.denial(POD, 403, "Forbidden", "pods \"probe\" is forbidden: ValidatingAdmissionPolicy "
                + "'onboarding-no-host-network' with binding 'b' denied request: no").check()).isEqualTo("onboarding-no-host-network");
        assertThat(AdmissionAnswers.denial(POD, 422, "Invalid", "Pod \"probe\" is invalid: spec.containers: Required value").check())
                .isEqualTo("Schema");
        assertThat(AdmissionAnswers.denial(POD, 403, "Forbidden", "something else").action()).isEqualTo("Deny");
    }

    @Test
    void warningHeadersBecomeWarnRows() {
        var rows = AdmissionAnswers.warnings(POD, List.of("299 - \"Validation failed for ValidatingAdmissionPolicy 'registries' with "
                + "binding 'b': image not from an allowed registry\"", "299 - \"would violate PodSecurity \\\"restricted:latest\\\": x\""));
        assertThat(rows).extracting(r -> r.check() + "/" + r.action()).containsExactly("registries/Warn", "PodSecurity/Warn");
        assertThat(rows.get(1).message()).isEqualTo("would violate PodSecurity \"restricted:latest\": x");
    }

    @Test
    void aSandboxsNameIsReplacedByTheTargetsAndSettlingRefusalsAreRetried() {
        assertThat(AdmissionAnswers.inTarget("pods is forbidden in mcsim-abc-1", "mcsim-abc-1", "t1-app")).isEqualTo("pods is forbidden in t1-app");
        assertThat(AdmissionAnswers.transientRefusal("status unknown for quota: tenant-budget")).isTrue();
        assertThat(AdmissionAnswers.transientRefusal("exceeded quota: tenant-budget")).isFalse();
    }

    @Test
    void usageOverTheBudgetIsNamed() {
        var budget = new Amounts(10, 4000, 8L << 30, 0, 0);
        assertThat(BudgetUsage.over(budget, List.of(Map.of("pods", "6", "requests.cpu", "2"), Map.of("pods", "4")))).isEmpty();
        assertThat(BudgetUsage.over(budget, List.of(Map.of("pods", "6", "requests.cpu", "5"), Map.of("pods", "5"))))
                .containsExactly("pods: 11 used, budget 10", "cpu: 5 used, budget 4");
    }
}
