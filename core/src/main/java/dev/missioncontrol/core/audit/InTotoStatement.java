package dev.missioncontrol.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * The in-toto Statement v1 envelope every signed record of this project uses (the audit trail, experiment verdicts,
 * access-review exports, federation plan statements, stitched provenance, onboarding evidence): {@code _type}, the
 * subjects (name + sha256), {@code predicateType} and the predicate. One place for the shape, so that no kind builds or
 * checks it its own way (https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md).
 */
public final class InTotoStatement {

    /** The Statement's {@code _type}, v1. */
    public static final String TYPE = "https://in-toto.io/Statement/v1";

    private InTotoStatement() {
    }

    /** One subject: a name and the sha256 (lower-case hex) of what it names. */
    public record Subject(String name, String sha256) {

        public Subject {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    /** A Statement with one subject. The predicate is set as given (null gives an empty object). */
    public static ObjectNode of(String subjectName, String sha256, String predicateType, JsonNode predicate) {
        return of(List.of(new Subject(subjectName, sha256)), predicateType, predicate);
    }

    /** A Statement with the subjects in the given order. */
    public static ObjectNode of(List<Subject> subjects, String predicateType, JsonNode predicate) {
        Objects.requireNonNull(predicateType, "predicateType");
        ObjectNode st = CanonicalJson.MAPPER.createObjectNode();
        st.put("_type", TYPE);
        ArrayNode subject = st.putArray("subject");
        for (Subject s : subjects) {
            ObjectNode o = subject.addObject();
            o.put("name", s.name());
            o.putObject("digest").put("sha256", s.sha256());
        }
        st.put("predicateType", predicateType);
        st.set("predicate", predicate == null ? CanonicalJson.MAPPER.createObjectNode() : predicate);
        return st;
    }

    /** True when the statement's {@code _type} is exactly {@link #TYPE} and its {@code predicateType} exactly the one given. */
    public static boolean hasTypes(JsonNode statement, String predicateType) {
        return statement != null && TYPE.equals(statement.path("_type").asText(null))
                && predicateType.equals(statement.path("predicateType").asText(null));
    }
}
