#!/usr/bin/env python3
"""Assertions on a rendered chart (helm template output on stdin) that schemas cannot express.

  chart-assert.py SCENARIO < rendered.yaml

SCENARIO: default (every namespace), namespaced:<ns>,<ns>... (watchNamespaces), everything (optional objects on),
no-admission (admission.enabled=false: no admission policy).
  chart-assert.py env RELEASE_NAMESPACE POD_NAME < rendered.yaml   prints the operator container's env as NAME=VALUE
  chart-assert.py rules < rendered.yaml                            prints the PrometheusRule's spec (for promtool)
"""
import sys

import yaml


def fail(msg):
    sys.exit(f"chart-assert: {msg}")


def docs():
    return [d for d in yaml.safe_load_all(sys.stdin) if d]


def by_kind(objs, kind):
    return [o for o in objs if o["kind"] == kind]


def check_rbac(objs):
    for role in by_kind(objs, "Role") + by_kind(objs, "ClusterRole"):
        for rule in role.get("rules", []):
            for field in ("apiGroups", "resources", "verbs", "resourceNames", "nonResourceURLs"):
                if "*" in rule.get(field, []):
                    fail(f"{role['kind']} {role['metadata']['name']} grants a wildcard in {field}: {rule}")


def check_pod(objs):
    deployments = by_kind(objs, "Deployment")
    if len(deployments) != 1:
        fail(f"expected one Deployment, found {len(deployments)}")
    d = deployments[0]
    if d["spec"]["replicas"] != 2:
        fail(f"the Deployment runs {d['spec']['replicas']} replicas, not 2")
    pod = d["spec"]["template"]["spec"]
    psc = pod.get("securityContext", {})
    if psc.get("runAsNonRoot") is not True or psc.get("seccompProfile", {}).get("type") != "RuntimeDefault":
        fail(f"pod securityContext must set runAsNonRoot and seccomp RuntimeDefault: {psc}")
    for c in pod["containers"]:
        sc = c.get("securityContext", {})
        if sc.get("readOnlyRootFilesystem") is not True or sc.get("allowPrivilegeEscalation") is not False:
            fail(f"container {c['name']}: readOnlyRootFilesystem and no privilege escalation required: {sc}")
        if sc.get("capabilities", {}).get("drop") != ["ALL"]:
            fail(f"container {c['name']}: every capability must be dropped: {sc}")
        res = c.get("resources", {})
        for part in ("requests", "limits"):
            if not {"cpu", "memory"} <= set(res.get(part, {})):
                fail(f"container {c['name']}: resources.{part} needs cpu and memory: {res}")
        if not any(m["mountPath"] == "/tmp" for m in c.get("volumeMounts", [])):
            fail(f"container {c['name']}: a writable /tmp is needed with a read-only root filesystem")
        names = {e["name"] for e in c.get("env", [])}
        for needed in ("POD_NAME", "POD_NAMESPACE", "MISSIONCONTROL_LEADER_ELECTION_ENABLED", "MISSIONCONTROL_PROMETHEUS_ALLOWED_ADDRESSES"):
            if needed not in names:
                fail(f"container {c['name']}: env {needed} missing")
        # The operator binds 127.0.0.1 outside a pod; in the pod the probes and Prometheus come from outside it.
        host = {e["name"]: e.get("value") for e in c.get("env", [])}.get("QUARKUS_HTTP_HOST")
        if host != "0.0.0.0":
            fail(f"container {c['name']}: QUARKUS_HTTP_HOST is {host!r}: the kubelet's probes need the pod's interfaces (0.0.0.0)")
    return d


def check_admission(objs, namespaces):
    """The admission policies: each bound with Deny, matching main resources only (never a status subresource, so the
    operator's status writes pass), and with watchNamespaces bound to those namespaces only."""
    all_policies = {p["metadata"]["name"]: p for p in by_kind(objs, "ValidatingAdmissionPolicy")}
    all_bindings = by_kind(objs, "ValidatingAdmissionPolicyBinding")
    if namespaces is None:  # admission.enabled=false
        if all_policies or all_bindings:
            fail(f"admission.enabled=false still renders {sorted(all_policies)} and {len(all_bindings)} bindings")
        return
    check_onboarding_policies({n: p for n, p in all_policies.items() if "-onboarding-" in n},
                              [b for b in all_bindings if "-onboarding-" in b["spec"]["policyName"]])
    policies = {n: p for n, p in all_policies.items() if "-onboarding-" not in n}
    bindings = [b for b in all_bindings if "-onboarding-" not in b["spec"]["policyName"]]
    expected = {"connectrequests", "predictiverollouts", "controls", "accessreviewsignoffs", "cachewarmexperiments"}
    # A sign-off's spec and an experiment's tenants are immutable (the CRDs' rules), so their policies need CREATE only.
    operations = {"accessreviewsignoffs": ["CREATE"], "cachewarmexperiments": ["CREATE"]}
    if {n.rsplit("-", 1)[-1] for n in policies} != expected or len(bindings) != len(policies):
        fail(f"expected the policies {sorted(expected)}, each with one binding: {sorted(policies)}, {len(bindings)} bindings")
    for p in policies.values():
        if p["spec"].get("failurePolicy") != "Fail":
            fail(f"{p['metadata']['name']}: failurePolicy must be Fail")
        for rule in p["spec"]["matchConstraints"]["resourceRules"]:
            want = operations.get(p["metadata"]["name"].rsplit("-", 1)[-1], ["CREATE", "UPDATE"])
            if any("/" in r or r == "*" for r in rule["resources"]) or rule["operations"] != want:
                fail(f"{p['metadata']['name']} must match {' and '.join(want)} of main resources only: {rule}")
        for v in p["spec"]["validations"]:
            if "messageExpression" not in v and "message" not in v:
                fail(f"{p['metadata']['name']}: every validation needs a message: {v['expression']}")
    for b in bindings:
        if b["spec"]["policyName"] not in policies or b["spec"]["validationActions"] != ["Deny"]:
            fail(f"binding {b['metadata']['name']} must Deny with one of the chart's policies: {b['spec']}")
        selected = b["spec"].get("matchResources", {}).get("namespaceSelector", {}).get("matchExpressions", [])
        if namespaces and selected != [{"key": "kubernetes.io/metadata.name", "operator": "In", "values": namespaces}]:
            fail(f"binding {b['metadata']['name']} must select the watched namespaces {namespaces}: {selected}")
        if not namespaces and selected:
            fail(f"binding {b['metadata']['name']} must apply in every namespace: {selected}")


def check_onboarding_policies(policies, bindings):
    """The onboarding policies (templates/onboarding-policies.yaml): six, each with one binding; the five tenant ones
    apply to namespaces labelled missioncontrol.dev/tenant (no-cluster-admin judges ClusterRoleBindings too, with the
    ClusterRoles as parameters) and act as their values say ([Deny] by default); the approvers' trust list is guarded
    with Deny in the release namespace, whatever watchNamespaces says."""
    tenant = {"no-host-network", "no-host-path", "allowed-registries", "tenant-namespace", "no-cluster-admin"}
    names = {n.split("-onboarding-", 1)[1]: p for n, p in policies.items()}
    if set(names) != tenant | {"approvers"} or len(bindings) != len(policies):
        fail(f"expected the onboarding policies {sorted(tenant | {'approvers'})}, each with one binding: {sorted(names)}, "
             f"{len(bindings)} bindings")
    for p in policies.values():
        if p["spec"].get("failurePolicy") != "Fail":
            fail(f"{p['metadata']['name']}: failurePolicy must be Fail")
        for v in p["spec"]["validations"]:
            if "messageExpression" not in v:
                fail(f"{p['metadata']['name']}: every validation needs a messageExpression naming the field: {v['expression']}")
    for b in bindings:
        short = b["spec"]["policyName"].split("-onboarding-", 1)[1]
        if b["spec"]["policyName"] not in policies or b["spec"]["validationActions"] not in (["Deny"], ["Warn", "Audit"]):
            fail(f"binding {b['metadata']['name']} must Deny, or Warn and Audit, with one of the chart's policies: {b['spec']}")
        selected = b["spec"].get("matchResources", {}).get("namespaceSelector", {}).get("matchExpressions", [])
        if short == "approvers":
            if b["spec"]["validationActions"] != ["Deny"] or len(selected) != 1 or selected[0]["key"] != "kubernetes.io/metadata.name":
                fail(f"binding {b['metadata']['name']} must Deny in the release namespace only: {b['spec']}")
        elif short == "no-cluster-admin":
            if selected or b["spec"].get("paramRef", {}).get("selector") != {}:
                fail(f"binding {b['metadata']['name']} must judge every binding against every ClusterRole: {b['spec']}")
        elif selected != [{"key": "missioncontrol.dev/tenant", "operator": "Exists"}]:
            fail(f"binding {b['metadata']['name']} must select the tenant namespaces: {selected}")


def scenario(name, objs):
    check_rbac(objs)
    d = check_pod(objs)
    check_admission(objs, None if name == "no-admission" else
                    name.split(":", 1)[1].split(",") if name.startswith("namespaced:") else [])
    env = {e["name"]: e.get("value") for e in d["spec"]["template"]["spec"]["containers"][0]["env"]}
    bindings = [(b["kind"], b["metadata"].get("namespace"), b["roleRef"]["name"])
                for b in by_kind(objs, "RoleBinding") + by_kind(objs, "ClusterRoleBinding")]
    if name in ("default", "no-admission"):
        if "WATCH_NAMESPACES" in env:
            fail("watching every namespace must leave WATCH_NAMESPACES unset")
        if not any(k == "ClusterRoleBinding" for k, _, _ in bindings):
            fail("watching every namespace needs a ClusterRoleBinding")
    elif name.startswith("namespaced:"):
        wanted = name.split(":", 1)[1].split(",")
        if env.get("WATCH_NAMESPACES") != ",".join(wanted):
            fail(f"WATCH_NAMESPACES is {env.get('WATCH_NAMESPACES')!r}, expected {','.join(wanted)!r}")
        cluster_roles = {r["metadata"]["name"]: r for r in by_kind(objs, "ClusterRole")}
        for kind, _, ref in bindings:
            if kind == "ClusterRoleBinding" and not ref.endswith("-cluster"):
                fail(f"watching a list of namespaces must not bind the namespaced rules cluster-wide ({ref})")
        for role_name in cluster_roles:
            if not role_name.endswith("-cluster"):  # only the cluster-scoped rules (files/rbac-rules.yaml: cluster)
                fail(f"ClusterRole {role_name} rendered while watching a list of namespaces")
        # The release namespace's own Roles (leader election, the operator's records, the public keys) are not the
        # watched namespaces' rules.
        role_namespaces = {r["metadata"]["namespace"] for r in by_kind(objs, "Role")
                           if not r["metadata"]["name"].endswith(("-leader-election", "-records", "-public-keys-reader"))}
        if role_namespaces != set(wanted):
            fail(f"operator Roles in {sorted(role_namespaces)}, expected one in each of {wanted}")
    elif name == "everything":
        for kind in ("ServiceMonitor", "PrometheusRule", "PodDisruptionBudget", "Service", "ServiceAccount"):
            if not by_kind(objs, kind):
                fail(f"no {kind} rendered with every option on")
        dashboards = [c for c in by_kind(objs, "ConfigMap") if c["metadata"].get("labels", {}).get("grafana_dashboard") == "1"]
        if not dashboards:
            fail("dashboards.enabled rendered no ConfigMap labelled grafana_dashboard: \"1\"")
    elif name == "no-monitoring-crds":
        for kind in ("ServiceMonitor", "PrometheusRule"):
            if by_kind(objs, kind):
                fail(f"{kind} rendered although the cluster serves no monitoring.coreos.com/v1 {kind}")
    else:
        fail(f"unknown scenario {name}")
    print(f"chart-assert: {name}: {len(objs)} objects, pod security, resources and RBAC as required", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "env":
        objs = docs()
        c = by_kind(objs, "Deployment")[0]["spec"]["template"]["spec"]["containers"][0]
        field = {"metadata.namespace": sys.argv[2], "metadata.name": sys.argv[3]}
        for e in c.get("env", []):
            value = e.get("value")
            if value is None:
                value = field[e["valueFrom"]["fieldRef"]["fieldPath"]]
            print(f"{e['name']}={value}")
    elif len(sys.argv) == 2 and sys.argv[1] == "rules":
        rules = by_kind(docs(), "PrometheusRule")
        if not rules:
            fail("no PrometheusRule rendered")
        yaml.safe_dump(rules[0]["spec"], sys.stdout, sort_keys=False)
    elif len(sys.argv) == 2:
        scenario(sys.argv[1], docs())
    else:
        sys.exit(__doc__)
