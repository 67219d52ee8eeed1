"""Reads docs/legal-coverage.md against the legal audit's rule table (issue 18).

Each rule ID of the audit's §3 must have exactly one row; a `Y` row names a test whose function
exists and is named after the rule ID (`test_A21_...`, or `test_C4_R38_R40_...` for a test that
proves several); `out of scope` gives its reason; nothing stays `P` or `N`.

Run `python -m tests.legal_coverage [PREFIX ...]` to list the problems of some rows while working
(e.g. `A` for the accident rules, `H` for the hazard rules).
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AUDIT = ROOT.parent / "shared" / "audits" / "legal-audit-2026-12.md"
COVERAGE = ROOT / "docs" / "legal-coverage.md"

_ROW = re.compile(r"^\|\s*([A-Z]{1,2}\d+)\s*\|")
_TEST_REF = re.compile(r"(tests/[\w/]+\.py)?::?(test_\w+)|`(test_\w+)`")


@dataclass(frozen=True)
class Row:
    rule_id: str
    rule: str
    status: str
    code: str
    test: str


def audit_rule_ids(text: str) -> list[str]:
    """The rule IDs of the audit's §3 (C1 … K6), in order."""
    section = text.split("## 3. Rule-by-rule table", 1)[1].split("\n## 4.", 1)[0]
    return [m.group(1) for line in section.splitlines() if (m := _ROW.match(line))]


def coverage_rows(text: str) -> list[Row]:
    rows = []
    for line in text.splitlines():
        if not _ROW.match(line):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 5:
            cells += [""] * (5 - len(cells))
        rows.append(Row(cells[0], cells[1], cells[2], cells[3], " | ".join(cells[4:])))
    return rows


@cache
def _test_functions(path: Path) -> frozenset[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return frozenset(
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test_")
    )


@cache
def _all_test_functions() -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        for name in _test_functions(path):
            found.setdefault(name, []).append(path)
    return found


def _named_after(name: str, rule_id: str) -> bool:
    tokens = name.split("_")
    return rule_id in tokens


def problems(rows: list[Row], audit_ids: list[str]) -> list[str]:
    """What is wrong with the coverage file, one line per problem."""
    out: list[str] = []
    seen: dict[str, int] = {}
    for row in rows:
        seen[row.rule_id] = seen.get(row.rule_id, 0) + 1
    for rule_id in audit_ids:
        if rule_id not in seen:
            out.append(f"{rule_id}: no row")
        elif seen[rule_id] > 1:
            out.append(f"{rule_id}: {seen[rule_id]} rows (one per rule)")
    known = set(audit_ids)
    functions = _all_test_functions()
    for row in rows:
        if row.rule_id not in known:
            out.append(f"{row.rule_id}: not a rule ID of the audit's §3")
            continue
        status = row.status.lower()
        if status.startswith("out of scope"):
            if "(" not in row.status:
                out.append(f"{row.rule_id}: out of scope without a reason in brackets")
            continue
        if status != "y":
            out.append(f"{row.rule_id}: status {row.status!r} (only Y or out of scope)")
            continue
        names = [m.group(2) or m.group(3) for m in _TEST_REF.finditer(row.test)]
        if not names:
            out.append(f"{row.rule_id}: Y without a test")
            continue
        missing = [n for n in names if n.split("[")[0] not in functions]
        if missing:
            out.append(f"{row.rule_id}: test not found: {', '.join(missing)}")
        if not any(_named_after(n, row.rule_id) for n in names):
            out.append(f"{row.rule_id}: no test named after the rule ID (test_{row.rule_id}_...)")
    return out


RULE_IDS = ROOT / "tests" / "legal_audit_rule_ids.txt"


def kept_rule_ids() -> list[str]:
    """The audit's rule IDs as kept in the repository (the shared audit may be absent on a clone)."""
    lines = RULE_IDS.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def load() -> tuple[list[Row], list[str]]:
    return coverage_rows(COVERAGE.read_text(encoding="utf-8")), kept_rule_ids()


def main(prefixes: list[str]) -> int:
    rows, audit_ids = load()
    found = problems(rows, audit_ids)
    if prefixes:
        found = [p for p in found if re.match(r"[A-Z]+", p) and re.match(r"[A-Z]+", p)[0] in prefixes]  # type: ignore[index]
    y = sum(1 for r in rows if r.status == "Y")
    scoped = sum(1 for r in rows if r.status.lower().startswith("out of scope"))
    for line in found:
        sys.stdout.write(line + "\n")
    summary = f"rules: {len(audit_ids)} · rows: {len(rows)} · Y: {y} · out of scope: {scoped}"
    sys.stdout.write(f"{summary} · problems: {len(found)}\n")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
