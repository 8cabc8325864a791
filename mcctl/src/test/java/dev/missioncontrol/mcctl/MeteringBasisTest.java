package dev.missioncontrol.mcctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** `mcctl metering verify` checks what a signed record claims about its zero, not only its signature. */
@Tag("unit")
class MeteringBasisTest {

    static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void aMeasuredTotalAndANamedAttestedZeroHoldUp() throws Exception {
        assertThat(MeteringCommand.basisProblems(json("{\"total\":12.5,\"basis\":\"measured\"}"))).isEmpty();
        assertThat(MeteringCommand.basisProblems(json("{\"total\":0.0,\"basis\":\"measured\"}"))).isEmpty();
        assertThat(MeteringCommand.basisProblems(json("{\"total\":0.0,\"basis\":\"attested-zero\",\"attestedBy\":\"olga@platform.example\"}")))
                .isEmpty();
    }

    @Test
    void aZeroNobodyAttestedANonZeroAttestationAndAnUnknownBasisFail() throws Exception {
        assertThat(MeteringCommand.basisProblems(json("{\"total\":0.0,\"basis\":\"attested-zero\"}")))
                .containsExactly("an attested zero that names no attester");
        assertThat(MeteringCommand.basisProblems(json("{\"total\":0.0,\"basis\":\"attested-zero\",\"attestedBy\":\"  \"}")))
                .containsExactly("an attested zero that names no attester");
        assertThat(MeteringCommand.basisProblems(json("{\"total\":7,\"basis\":\"attested-zero\",\"attestedBy\":\"olga\"}")))
                .containsExactly("an attested zero with total 7");
        assertThat(MeteringCommand.basisProblems(json("{\"total\":0,\"basis\":\"estimated\"}"))).containsExactly("unknown basis \"estimated\"");
        assertThat(MeteringCommand.basisProblems(json("{\"total\":3,\"basis\":\"measured\",\"attestedBy\":\"olga\"}")))
                .containsExactly("a measured total names an attester");
    }
}
