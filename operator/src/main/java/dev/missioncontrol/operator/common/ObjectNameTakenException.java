package dev.missioncontrol.operator.common;

/**
 * An object already exists at a name the operator wants to create, and is not the operator's to write (created by a
 * person, a chart, another controller, or no longer recognisable as this resource's): the operator leaves it untouched
 * and names it in status ({@link ReconcileErrors.Category#OBJECT_NAME_TAKEN}). Built by {@link ForeignObjects}.
 *
 * @param kind the object's kind, e.g. ConfigMap
 * @param holder who holds it, as a person reads it: "no owner", "owned by Deployment web", "managed by Helm"
 * @param requester what wanted the name, e.g. "this FederationCohort", or "the operator" for an object it shares
 * @param requesterKind the kind of the resource whose name the object's name is made from, when it is (so renaming
 *        that resource is a way out); null when the name is fixed
 * @param relabelled created by this resource, but without the labels the operator finds its objects by
 */
public class ObjectNameTakenException extends RuntimeException {

    private final String kind;
    private final String namespace;
    private final String name;
    private final String holder;
    private final String requester;
    private final String requesterKind;
    private final boolean relabelled;

    ObjectNameTakenException(String kind, String namespace, String name, String holder, String requester, String requesterKind,
            boolean relabelled) {
        super(kind + " " + namespace + "/" + name + " exists and is not " + requester + "'s (" + holder + ")", null, false, false);
        this.kind = kind;
        this.namespace = namespace;
        this.name = name;
        this.holder = holder;
        this.requester = requester;
        this.requesterKind = requesterKind;
        this.relabelled = relabelled;
    }

    public String kind() {
        return kind;
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    public String holder() {
        return holder;
    }

    public String requester() {
        return requester;
    }

    /** The kind of the resource the object's name is made from, or null when the name is fixed. */
    public String requesterKind() {
        return requesterKind;
    }

    public boolean relabelled() {
        return relabelled;
    }
}
