package dev.missioncontrol.core.access;

import java.util.List;

/** A user whose groups live only in its credentials (a token's claims, a client certificate's O=), declared in the review's spec. */
public record ExtraSubject(String user, List<String> groups) {
    public ExtraSubject {
        groups = List.copyOf(groups == null ? List.of() : groups);
    }
}
