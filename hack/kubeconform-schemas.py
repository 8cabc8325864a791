#!/usr/bin/env python3
"""Strict JSON schemas for kubeconform, built locally (kubeconform's default schema location is GitHub).

  kubeconform-schemas.py core SWAGGER_JSON OUT_DIR       Kubernetes' own kinds, from its OpenAPI v2 document
  kubeconform-schemas.py crds OUT_DIR CRD_YAML...         the kinds that CustomResourceDefinitions define

OUT_DIR gets kubeconform's file layout, `<kind><kindSuffix>.json` (kindSuffix: `-<first group segment>-<version>`,
or `-<version>` for the core group), read with
  -schema-location 'DIR/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json'
Every object schema that lists its properties forbids any other (additionalProperties: false), the way kubectl's
and the API server's strict field validation do, so an unknown or misplaced field fails. Only strict schemas are
written: kubeconform run without -strict looks in a directory that does not exist and fails.
"""
import json
import os
import sys

import yaml


def strict(node, preserve_unknown=False):
    """Adds additionalProperties: false to every object schema with properties, except where unknown fields are kept."""
    if isinstance(node, dict):
        keeps_unknown = node.get("x-kubernetes-preserve-unknown-fields") is True
        if "properties" in node and "additionalProperties" not in node and not keeps_unknown:
            node["additionalProperties"] = False
        for key, value in node.items():
            if key == "enum" or key == "default" or key == "example":
                continue
            strict(value)
    elif isinstance(node, list):
        for value in node:
            strict(value)
    return node


def kube_quirks(node):
    """JSON-schema forms of what OpenAPI says with Kubernetes extensions (int-or-string, nullable)."""
    if isinstance(node, dict):
        if node.get("format") == "int-or-string" or node.get("x-kubernetes-int-or-string") is True:
            for k in ("type", "format", "x-kubernetes-int-or-string"):
                node.pop(k, None)
            node["oneOf"] = [{"type": "string"}, {"type": "integer"}]
        # PyYAML reads YAML 1.1, where 1.0E9 (no exponent sign) is a string; Kubernetes reads it as a number.
        for bound in ("minimum", "maximum", "multipleOf"):
            if isinstance(node.get(bound), str):
                node[bound] = float(node[bound])
        if node.get("nullable") is True and isinstance(node.get("type"), str):
            node["type"] = [node["type"], "null"]
        for key, value in list(node.items()):
            if key in ("enum", "default", "example"):
                continue
            kube_quirks(value)
    elif isinstance(node, list):
        for value in node:
            kube_quirks(value)
    return node


OBJECT_META = "_definitions.json#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"


def file_name(kind, group, version):
    suffix = f"-{group.split('.')[0]}-{version}" if group else f"-{version}"
    return f"{kind}{suffix}".lower() + ".json"


def write(out_dir, name, schema, written):
    if name in written:
        sys.exit(f"two kinds map to the schema file {name} ({written[name]} and {schema.get('description', '')[:40]}...)")
    written[name] = schema.get("description", "")[:40]
    with open(os.path.join(out_dir, name), "w") as f:
        json.dump(schema, f, separators=(",", ":"))


def core(swagger, out_dir):
    definitions = json.load(open(swagger))["definitions"]
    # Quantities are written as strings or numbers (cpu: 1, memory: 512Mi); the API server accepts both.
    definitions["io.k8s.apimachinery.pkg.api.resource.Quantity"] = {"oneOf": [{"type": "string"}, {"type": "number"}]}
    for schema in definitions.values():
        strict(kube_quirks(schema))
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "_definitions.json"), "w") as f:
        json.dump({"definitions": definitions}, f, separators=(",", ":"))
    written = {}
    for name, schema in definitions.items():
        if not name.startswith("io.k8s."):
            continue
        for gvk in schema.get("x-kubernetes-group-version-kind", []):
            # Only the served, top-level kinds; the same kind also appears under meta groups (e.g. DeleteOptions).
            if gvk["kind"] in ("DeleteOptions", "WatchEvent", "Status", "APIGroup", "APIGroupList", "APIResourceList",
                               "APIVersions", "Scale") and gvk["group"] != "":
                continue
            ref = {"$ref": f"_definitions.json#/definitions/{name}"}
            fn = file_name(gvk["kind"], gvk["group"], gvk["version"])
            if fn in written:
                continue  # the same kind listed twice (e.g. core meta types); the first wins
            write(out_dir, fn, ref, written)
    print(f"{len(written)} Kubernetes kinds -> {out_dir}", file=sys.stderr)


def crds(out_dir, files):
    os.makedirs(out_dir, exist_ok=True)
    written = {}
    for path in files:
        with open(path) as f:
            for doc in yaml.safe_load_all(f):
                if not doc or doc.get("kind") != "CustomResourceDefinition":
                    continue
                spec = doc["spec"]
                for version in spec["versions"]:
                    schema = strict(kube_quirks(version["schema"]["openAPIV3Schema"]))
                    # metadata is checked against Kubernetes' ObjectMeta (from the core schemas in the same directory).
                    # apiVersion and kind are implied by every CRD; generated schemas do not always list them.
                    properties = schema.setdefault("properties", {})
                    properties["metadata"] = {"$ref": OBJECT_META}
                    properties.setdefault("apiVersion", {"type": "string"})
                    properties.setdefault("kind", {"type": "string"})
                    write(out_dir, file_name(spec["names"]["kind"], spec["group"], version["name"]),
                          schema, written)
    print(f"{len(written)} custom kinds -> {out_dir}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "core":
        core(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 4 and sys.argv[1] == "crds":
        crds(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
