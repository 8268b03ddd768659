"""Schemathesis hooks for `npm run fuzz:api`: the rules JSON Schema cannot state.

The OpenAPI document states every rule it can in JSON Schema. The others (an order between two
fields, a time relative to the moment of the call, a total of some items, the columns a report
may order by) are in the descriptions for people and, for tools, as `x-` keywords on the field
they constrain, written by the zod schemas that check them (shared/src/api/common.ts). Schemathesis
generates schema-valid data that ignores them, so the API would rightly refuse it; this makes
each positive test case keep those rules too, or drops it when it cannot. Negative cases, whose
point is to break the schema, are left as they were.

Schemathesis' documented way for such rules: https://schemathesis.readthedocs.io/en/stable/guides/extending/
"""

from __future__ import annotations

import ast
import copy
import sys
import threading
from datetime import date, datetime, timedelta, timezone
from typing import Any

import schemathesis
from schemathesis.generation.modes import GenerationMode

# CPython before 3.11.8 and 3.12.2 counts AST recursion in state shared between threads
# (python/cpython#106905): two Schemathesis workers parsing at once (Hypothesis describes its
# lambdas with ast.parse) can stop an operation with "AST constructor recursion depth mismatch".
# Here the parses take turns.
if sys.version_info < (3, 11, 8) or (3, 12) <= sys.version_info < (3, 12, 2):
    _parse = ast.parse
    _parse_lock = threading.Lock()

    def _parse_in_turn(*args: Any, **kwargs: Any) -> Any:
        with _parse_lock:
            return _parse(*args, **kwargs)

    ast.parse = _parse_in_turn

KEYWORDS = (
    "x-after",
    "x-not-before",
    "x-differs-from",
    "x-within-days-of",
    "x-future",
    "x-not-future",
    "x-sum-of",
    "x-increasing-by",
    "x-ascending",
    "x-report-columns",
    "x-issued-as",
    "x-condition-limits",
)
# Time for the request to reach the API: a time just ahead of now is not "in the future" there.
MARGIN = timedelta(minutes=5)


class Unfixable(Exception):
    """The case breaks a rule that no small change of its data can mend."""


# Reading the rules of an operation ----------------------------------------------------------------


def _resolve(node: Any, document: dict) -> Any:
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
        target: Any = document
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    return node


def _collect(node: Any, name: str | None, document: dict, rules: list, seen: set) -> None:
    """The (keyword, value, field name) of every rule in a schema, following references once."""
    if isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if (ref, name) in seen:
            return
        seen.add((ref, name))
        node = _resolve(node, document)
    if not isinstance(node, dict):
        return
    for keyword in KEYWORDS:
        if keyword in node and name is not None:
            rules.append((keyword, node[keyword], name))
    for key, child in (node.get("properties") or {}).items():
        _collect(child, key, document, rules, seen)
    for key in ("items", "additionalProperties", "not"):
        _collect(node.get(key), name, document, rules, seen)
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        for child in node.get(key) or []:
            _collect(child, name, document, rules, seen)


_RULES: dict[str, list] = {}


def rules_of(operation: Any) -> list:
    label = operation.label
    if label not in _RULES:
        document = operation.schema.raw_schema
        raw = operation.definition.raw
        rules: list = []
        seen: set = set()
        for parameter in raw.get("parameters") or []:
            parameter = _resolve(parameter, document)
            _collect(parameter.get("schema"), parameter.get("name"), document, rules, seen)
        body = ((raw.get("requestBody") or {}).get("content") or {}).get("application/json") or {}
        _collect(body.get("schema"), None, document, rules, seen)
        _RULES[label] = rules
    return _RULES[label]


# Values ---------------------------------------------------------------------------------------


def _instant(value: Any) -> tuple[float, bool] | None:
    """A comparable number for a number, a date or a timestamp, and whether its zone is unknown."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value), False
    if not isinstance(value, str):
        return None
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp(), False
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    # A program-local time: its zone is the program's, a few hours either way.
    local = parsed.tzinfo is None
    return parsed.replace(tzinfo=timezone.utc).timestamp() if local else parsed.timestamp(), local


def _stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _ordered(d: dict, later: str, earlier: str, strict: bool) -> None:
    if later not in d or earlier not in d:
        return
    a, b = _instant(d[earlier]), _instant(d[later])
    if a is None or b is None:
        return
    if a[1] != b[1] and abs(a[0] - b[0]) < 86_400:
        raise Unfixable(f"{earlier} and {later} in different zones, too close to order")
    if b[0] > a[0] or (not strict and b[0] == a[0]):
        return
    if a[0] == b[0]:
        raise Unfixable(f"{later} equals {earlier}")
    d[earlier], d[later] = d[later], d[earlier]


def _within_days(d: dict, later: str, spec: dict) -> None:
    earlier, days = spec["field"], spec["days"]
    if later not in d or earlier not in d:
        return
    a, b = _instant(d[earlier]), _instant(d[later])
    if a is None or b is None or b[0] - a[0] <= days * 86_400:
        return
    start = datetime.fromtimestamp(a[0], timezone.utc)
    if start.year >= 9999:
        raise Unfixable(f"{earlier} too late to end a range after it")
    d[later] = _stamp(start + timedelta(days=1))


def _future(d: dict, name: str) -> None:
    value = _instant(d.get(name))
    now = datetime.now(timezone.utc)
    if value is not None and value[0] <= (now + MARGIN).timestamp() + (86_400 if value[1] else 0):
        d[name] = _stamp(now + timedelta(days=1))


def _not_future(d: dict, name: str, spec: dict) -> None:
    value = _instant(d.get(name))
    now = datetime.now(timezone.utc)
    if value is not None and value[0] > now.timestamp() + spec["toleranceSeconds"] - MARGIN.total_seconds():
        d[name] = _stamp(now - timedelta(days=1))


def _sum_of(d: dict, name: str, spec: dict) -> None:
    items = d.get(spec["items"])
    if name not in d or not isinstance(items, list):
        return
    values = [item.get(spec["field"]) for item in items if isinstance(item, dict)]
    # JSON integers may come as 12.0: a number without a fraction is an integer in JSON Schema too.
    if len(values) != len(items) or not all(_whole(v) for v in values):
        return
    total = int(sum(values))
    if total > 100_000_000_000:
        raise Unfixable(f"{spec['items']} add up past the largest {name}")
    d[name] = total


def _whole(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer()


def _increasing_by(d: dict, name: str, key: str) -> None:
    items = d.get(name)
    if not isinstance(items, list) or not all(isinstance(i, dict) and _instant(i.get(key)) for i in items):
        return
    kept: dict = {}
    for item in sorted(items, key=lambda i: _instant(i[key])[0]):
        kept.setdefault(_instant(item[key])[0], item)
    d[name] = list(kept.values())


def _ascending(d: dict, name: str) -> None:
    pair = d.get(name)
    if isinstance(pair, list) and len(pair) == 2:
        a, b = _instant(pair[0]), _instant(pair[1])
        if a is not None and b is not None and a[0] > b[0]:
            d[name] = [pair[1], pair[0]]


def _report_columns(d: dict, name: str, spec: dict) -> None:
    order = d.get(name)
    if not isinstance(order, list):
        return
    columns: set = set()
    for field in spec["columns"]:
        columns.update(c for c in d.get(field) or [] if isinstance(c, str))
    period = spec["period"]
    (grain_field, none), = period["unless"].items()
    if d.get(grain_field, none) != none:
        columns.add(period["column"])
    kept: dict = {}
    for entry in order:
        if isinstance(entry, dict) and entry.get("field") in columns:
            kept.setdefault(entry["field"], entry)
    d[name] = list(kept.values())


# Response field name -> the values the API gave in it, such as every nextCursor it returned.
_ISSUED: dict[str, set] = {}


def _remember_issued(data: Any) -> None:
    if isinstance(data, list):
        for item in data:
            _remember_issued(item)
    elif isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str):
                _ISSUED.setdefault(key, set()).add(value)
            else:
                _remember_issued(value)


def _issued_only(d: dict, name: str, source: str) -> None:
    """An opaque value no client can make up: one the API never issued is left out (it is optional)."""
    if d.get(name) not in _ISSUED.get(source, set()):
        del d[name]


_CONDITION_KEYS = ("all", "any", "not", "field")


def _condition_size(node: Any, depth: int = 1) -> tuple[int, int]:
    """(nodes, deepest level) of a condition, the root being level 1."""
    if not isinstance(node, dict) or not any(k in node for k in _CONDITION_KEYS):
        return 0, 0
    children = node.get("all") or node.get("any") or ([node["not"]] if "not" in node else [])
    nodes, deepest = 1, depth
    for child in children if isinstance(children, list) else []:
        n, d = _condition_size(child, depth + 1)
        nodes, deepest = nodes + n, max(deepest, d)
    return nodes, deepest


def _condition_limits(d: dict, name: str, limits: dict) -> None:
    nodes, depth = _condition_size(d.get(name))
    if nodes > limits["maxNodes"] or depth > limits["maxDepth"]:
        raise Unfixable(f"{name}: {nodes} nodes, {depth} levels")


# Test data, not rules: a made-up member reference is valid data (the API answers 404), but it
# stops a purchase before the engine. Positive bodies name a member the API has shown instead,
# so the rules, tiers and campaigns get exercised (Schemathesis' own example of a map hook).
_MEMBER_REFERENCES = {"memberId": "memberId", "memberExternalId": "externalId"}


def _known_members(body: Any) -> None:
    if not isinstance(body, dict):
        return
    for name, source in _MEMBER_REFERENCES.items():
        known = sorted(_ISSUED.get(source, ()))
        if isinstance(body.get(name), str) and known and body[name] not in known:
            body[name] = known[sum(map(ord, body[name])) % len(known)]


def _apply(rules: list, data: Any) -> None:
    """Mends every object of `data` (depth first) that a rule names a field of."""
    if isinstance(data, list):
        for item in data:
            _apply(rules, item)
        return
    if not isinstance(data, dict):
        return
    for value in data.values():
        _apply(rules, value)
    # Times first: moving a value into the future can change an order.
    for keyword, value, name in sorted(rules, key=lambda r: r[0] not in ("x-future", "x-not-future")):
        if name not in data:
            continue
        if keyword == "x-future":
            _future(data, name)
        elif keyword == "x-not-future":
            _not_future(data, name, value)
        elif keyword == "x-after":
            _ordered(data, name, value, strict=True)
        elif keyword == "x-not-before":
            _ordered(data, name, value, strict=False)
        elif keyword == "x-within-days-of":
            _within_days(data, name, value)
        elif keyword == "x-differs-from":
            if value in data and data[value] == data[name]:
                raise Unfixable(f"{name} equals {value}")
        elif keyword == "x-sum-of":
            _sum_of(data, name, value)
        elif keyword == "x-increasing-by":
            _increasing_by(data, name, value)
        elif keyword == "x-ascending":
            _ascending(data, name)
        elif keyword == "x-report-columns":
            _report_columns(data, name, value)
        elif keyword == "x-issued-as":
            _issued_only(data, name, value)
        elif keyword == "x-condition-limits":
            _condition_limits(data, name, value)


def _mended(context: Any, case: Any) -> tuple[Any, Any] | None:
    """The case's query and body keeping the rules, or None when they cannot."""
    # Only containers are copied: an absent body is a sentinel that must stay itself.
    query, body = (copy.deepcopy(v) if isinstance(v, (dict, list)) else v for v in (case.query, case.body))
    rules = rules_of(context.operation)
    if rules:
        try:
            _apply(rules, query)
            _apply(rules, body)
        except Unfixable:
            return None
    return query, body


def _positive(case: Any) -> bool:
    meta = case.meta
    return meta is not None and meta.generation.mode == GenerationMode.POSITIVE


@schemathesis.hook
def filter_case(context: Any, case: Any) -> bool:
    """Drops the generated positive cases that no small change can make keep the rules."""
    return not _positive(case) or _mended(context, case) is not None


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict) -> None:
    """Mends a positive case as it is sent: after the stateful phase's links put response values in it."""
    if not _positive(case):
        return
    mended = _mended(context, case)
    if mended is not None:
        case.query, case.body = mended
    _known_members(case.body)


@schemathesis.hook
def after_call(context: Any, case: Any, response: Any) -> None:
    """Remembers what the API issued (cursors), the only values a client may send back."""
    if not response.headers.get("content-type", [""])[0].startswith("application/json"):
        return
    try:
        _remember_issued(response.json())
    except ValueError:
        return


def _names_a_body_field(case: Any, response: Any) -> bool:
    """Whether a 404 is about something the request body names (a member, a tier, a role...)."""
    try:
        error = response.json()["error"]
    except (ValueError, KeyError, TypeError):
        return False
    details = error.get("details") if isinstance(error, dict) else None
    if isinstance(details, dict):
        issues = details.get("issues") or []
        if "field" in details or any(isinstance(i, dict) and i.get("in") == "body" for i in issues):
            return True
    # "member not found" for a body naming the member (memberId, memberExternalId).
    message = error.get("message", "") if isinstance(error, dict) else ""
    body = case.body if isinstance(case.body, dict) else {}
    if message.endswith(" not found") and " " not in message.removesuffix(" not found"):
        entity = message.removesuffix(" not found")
        return any(key.startswith(entity) for key in body)
    return False


@schemathesis.hook
def filter_failure(context: Any, failure: Any, case: Any, response: Any) -> bool:
    """Keeps every failure but one false positive, which the run's report counts apart.

    ensure_resource_availability reads any 404 from an operation whose path parameters came
    from a resource just created as that resource being missing. The API also answers 404 for an
    id the body names that is not in the tenant (POST /v1/programs/{new}/transactions/simulate for
    a made-up member): when the answer says so (its details name a body field), the created
    resource was found and the failure is not one.
    """
    created = getattr(failure, "created_with", None)
    return created is None or not _names_a_body_field(case, response)
