#!/usr/bin/env python3
"""Writes the CRD field reference, docs/reference/<plural>.md, from the generated CRDs in crds/.

    python3 hack/crd-docs.py           # (re)write docs/reference/
    python3 hack/crd-docs.py --check   # exit 1 naming each stale file; also checks README.md's and docs/'s links

For every field under spec and status (nested objects and arrays of objects flattened to dotted paths,
arrays written as `[]`, maps as `{key}`): type, required, default, enum, bounds, pattern, format and
description; then the CEL rules (x-kubernetes-validations) with their messages, and the printer columns.
The output depends only on crds/*.yml, so it is deterministic. Needs PyYAML (hack/install-python-deps.sh).

The link check (part of --check): every relative link in README.md, docs/*.md and docs/reference/*.md must
name an existing file, and a `#fragment` must name a heading of the target (GitHub's anchor rules).
"""
import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CRDS = ROOT / "crds"
OUT = ROOT / "docs" / "reference"
NONE = "—"


# ---------------------------------------------------------------------------------------------- generation

def esc(text):
    """Plain text in a table cell: one line, no table or HTML breakage."""
    text = " ".join(str(text).split())
    for a, b in (("\\", "\\\\"), ("|", "\\|"), ("<", "&lt;"), (">", "&gt;"), ("*", "\\*"), ("_", "\\_")):
        text = text.replace(a, b)
    return text


def code(value):
    """A value as a code span in a table cell (`|` must still be escaped inside GFM tables)."""
    text = " ".join(str(value).split()).replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" or text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def num(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def json_value(value):
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(", ", ": "))


def type_of(schema):
    if schema.get("x-kubernetes-int-or-string"):
        return "int-or-string"
    t = schema.get("type")
    if t == "array":
        return "[]" + type_of(schema.get("items") or {})
    if t == "object" and isinstance(schema.get("additionalProperties"), dict) and not schema.get("properties"):
        return "map[string]" + type_of(schema["additionalProperties"])
    if t is None and schema.get("x-kubernetes-preserve-unknown-fields"):
        return "any"
    return t or "any"


def bounds(schema):
    parts = []
    for low, high, label in (("minimum", "maximum", ""), ("minLength", "maxLength", "length "),
                             ("minItems", "maxItems", "items "), ("minProperties", "maxProperties", "keys ")):
        lo, hi = schema.get(low), schema.get(high)
        if lo is None and hi is None:
            continue
        lo_op = ">" if schema.get("exclusiveMinimum") is True and low == "minimum" else "≥"
        hi_op = "<" if schema.get("exclusiveMaximum") is True and high == "maximum" else "≤"
        if lo is not None and hi is not None:
            parts.append(f"{label}{lo_op} {num(lo)}, {hi_op} {num(hi)}" if (lo_op, hi_op) != ("≥", "≤")
                         else f"{label}{num(lo)}–{num(hi)}")
        elif lo is not None:
            parts.append(f"{label}{lo_op} {num(lo)}")
        else:
            parts.append(f"{label}{hi_op} {num(hi)}")
    return "; ".join(parts)


def walk(schema, path, required, fields, rules):
    """Depth-first, properties in name order: one row per field path, and every CEL rule with its path."""
    for rule in schema.get("x-kubernetes-validations") or []:
        rules.append((path, rule))
    fields.append((path, schema, required))
    child, child_path = schema, path
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        child, child_path = schema["items"], path + "[]"
        if child.get("type") == "array" or (isinstance(child.get("additionalProperties"), dict) and not child.get("properties")):
            walk(child, child_path, False, fields, rules)   # an array of arrays or maps gets a row of its own
            return
        for rule in child.get("x-kubernetes-validations") or []:
            rules.append((child_path, rule))
    if isinstance(child.get("additionalProperties"), dict) and not child.get("properties"):
        walk(child["additionalProperties"], child_path + ".{key}", False, fields, rules)
        return
    props = child.get("properties") or {}
    needed = set(child.get("required") or [])
    for name in sorted(props):
        walk(props[name], f"{child_path}.{name}", name in needed, fields, rules)


def field_rows(fields):
    rows = ["| field | type | required | default | enum | bounds | pattern | format | description |",
            "|---|---|---|---|---|---|---|---|---|"]
    for path, schema, required in fields:
        cells = [
            code(path),
            code(type_of(schema)),
            "yes" if required else "no",
            code(json_value(schema["default"])) if "default" in schema else NONE,
            ", ".join(code(json_value(v) if not isinstance(v, str) else v) for v in schema["enum"]) if schema.get("enum") else NONE,
            esc(bounds(schema)) or NONE,
            code(schema["pattern"]) if schema.get("pattern") else NONE,
            code(schema["format"]) if schema.get("format") else NONE,
            esc(schema.get("description") or "") or NONE,
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def render(crd_file):
    crd = yaml.safe_load(crd_file.read_text(encoding="utf-8"))
    spec = crd["spec"]
    names = spec["names"]
    kind, plural = names["kind"], names["plural"]
    out = [
        f"# {kind} field reference",
        "",
        f"<!-- Generated by hack/crd-docs.py from crds/{crd_file.name}. Do not edit: run `make docs`. -->",
        "",
        f"Generated from [`crds/{crd_file.name}`](../../crds/{crd_file.name}) by `hack/crd-docs.py` (`make docs`); "
        "`make unit` fails while this page is stale.",
        "",
    ]
    description = spec["versions"][0]["schema"]["openAPIV3Schema"].get("description")
    if description:
        out += [esc(description), ""]
    out += [
        "| | |",
        "|---|---|",
        f"| name | `{crd['metadata']['name']}` |",
        f"| group | `{spec['group']}` |",
        f"| kind | `{kind}` (list: `{names.get('listKind', kind + 'List')}`) |",
        f"| plural / singular | `{plural}` / `{names.get('singular', kind.lower())}` |",
        f"| short names | {', '.join(code(s) for s in names.get('shortNames') or []) or NONE} |",
        f"| categories | {', '.join(code(s) for s in names.get('categories') or []) or NONE} |",
        f"| scope | {spec['scope']} |",
        "",
    ]
    for version in spec["versions"]:
        subresources = sorted((version.get("subresources") or {}).keys())
        out += [f"## {version['name']}", "",
                f"Served: {'yes' if version.get('served') else 'no'}; storage version: "
                f"{'yes' if version.get('storage') else 'no'}; subresources: "
                f"{', '.join(code(s) for s in subresources) or NONE}."
                + (" Deprecated" + (f": {esc(version['deprecationWarning'])}" if version.get("deprecationWarning") else ".")
                   if version.get("deprecated") else ""),
                ""]
        columns = version.get("additionalPrinterColumns") or []
        out += ["### Printer columns (`kubectl get`)", ""]
        if columns:
            out += ["| column | type | JSONPath | shown | description |", "|---|---|---|---|---|"]
            for col in columns:
                shown = "always" if not col.get("priority") else "with `-o wide`"
                out.append(f"| {esc(col['name'])} | {code(col['type'] + ('/' + col['format'] if col.get('format') else ''))} | "
                           f"{code(col['jsonPath'])} | {shown} | {esc(col.get('description') or '') or NONE} |")
        else:
            out.append("None: `kubectl get` shows NAME and AGE.")
        out.append("")
        root = version["schema"]["openAPIV3Schema"]
        props = root.get("properties") or {}
        rules = []
        for rule in root.get("x-kubernetes-validations") or []:
            rules.append(("(root)", rule))
        for part in ("spec", "status"):
            out += [f"### {part}", ""]
            if part not in props:
                out += [f"No `{part}`.", ""]
                continue
            fields = []
            walk(props[part], part, part in set(root.get("required") or []), fields, rules)
            out += field_rows(fields) + [""]
        out += ["### Validation rules (CEL)", "",
                "Checked by the API server on create and update (`oldSelf` rules on update only); "
                "a rejected object is answered with the message.", ""]
        if rules:
            out += ["| on | rule | message |", "|---|---|---|"]
            for path, rule in rules:
                message = rule.get("message")
                if rule.get("messageExpression"):
                    message = f"{message or ''} (expression: {rule['messageExpression']})".strip()
                extra = "".join(f"; {k}: {rule[k]}" for k in ("reason", "fieldPath", "optionalOldSelf") if k in rule)
                out.append(f"| {'the whole object' if path == '(root)' else code(path)} | {code(rule['rule'])} | {esc((message or '') + extra) or NONE} |")
        else:
            out.append("None.")
        out.append("")
    return plural, "\n".join(out).rstrip("\n") + "\n"


def generate():
    pages = {}
    for crd_file in sorted(CRDS.glob("*.yml")) + sorted(CRDS.glob("*.yaml")):
        plural, text = render(crd_file)
        if f"{plural}.md" in pages:
            sys.exit(f"crd-docs: two CRDs with the plural {plural}")
        pages[f"{plural}.md"] = text
    if not pages:
        sys.exit(f"crd-docs: no CRDs in {CRDS}")
    return pages


# ---------------------------------------------------------------------------------------------- link check

LINK = re.compile(r"(?<!!)\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|^\s*\[[^\]]+\]:\s*(\S+)", re.M)
IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?")


def strip_code(text):
    """Links inside fenced blocks and code spans are not links."""
    text = re.sub(r"^(```|~~~).*?^\1[^\n]*$", "", text, flags=re.M | re.S)
    return re.sub(r"(`+)(?:(?!\1).)+?\1", "", text)


def anchors(md_file):
    """GitHub's heading anchors: lowercase, punctuation dropped, spaces to hyphens, -1, -2 for repeats."""
    seen, result = {}, set()
    for line in strip_code_blocks_only(md_file.read_text(encoding="utf-8")).splitlines():
        m = re.match(r"^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not m:
            continue
        slug = re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        result.add(slug if n == 0 else f"{slug}-{n}")
    for m in re.finditer(r'<a\s+(?:name|id)="([^"]+)"', md_file.read_text(encoding="utf-8")):
        result.add(m.group(1))
    return result


def strip_code_blocks_only(text):
    return re.sub(r"^(```|~~~).*?^\1[^\n]*$", "", text, flags=re.M | re.S)


def broken_links():
    files = [ROOT / "README.md"] + sorted((ROOT / "docs").glob("*.md")) + sorted(OUT.glob("*.md"))
    problems = []
    for md in files:
        if not md.is_file():
            continue
        text = strip_code(md.read_text(encoding="utf-8"))
        targets = [a or b for a, b in LINK.findall(text)] + IMAGE.findall(text)
        for target in targets:
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):   # http:, https:, mailto:
                continue
            path, _, fragment = target.partition("#")
            dest = (md.parent / path).resolve() if path else md
            where = md.relative_to(ROOT)
            if not dest.exists():
                problems.append(f"{where}: link {target} names no file ({dest.relative_to(ROOT) if dest.is_relative_to(ROOT) else dest})")
            elif fragment and dest.suffix == ".md" and dest.is_file() and fragment not in anchors(dest):
                problems.append(f"{where}: link {target}: no heading #{fragment} in {dest.relative_to(ROOT)}")
    return problems


# ---------------------------------------------------------------------------------------------- main

def main(argv):
    if argv not in ([], ["--check"]):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    pages = generate()
    if not argv:
        OUT.mkdir(parents=True, exist_ok=True)
        for old in OUT.glob("*.md"):
            if old.name not in pages:
                old.unlink()
        for name, text in pages.items():
            (OUT / name).write_bytes(text.encode("utf-8"))
        print(f"crd-docs: wrote {len(pages)} pages to {OUT.relative_to(ROOT)}/")
        return 0
    stale = []
    for name, text in pages.items():
        file = OUT / name
        if not file.is_file():
            stale.append(f"docs/reference/{name} is missing")
        elif file.read_bytes() != text.encode("utf-8"):
            stale.append(f"docs/reference/{name} is stale (differs from what crds/ generates)")
    for extra in sorted(OUT.glob("*.md")):
        if extra.name not in pages:
            stale.append(f"docs/reference/{extra.name} has no CRD in crds/")
    links = broken_links()
    for line in stale:
        print(line)
    if stale:
        print("run `make docs` (python3 hack/crd-docs.py) and commit docs/reference/")
    for line in links:
        print(line)
    if stale or links:
        return 1
    print(f"crd-docs: docs/reference/ is up to date ({len(pages)} pages); links in README.md and docs/ resolve")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
