"""trailproof's runner for Panther Python rules (docs/panther.md).

Runs each rule's own `rule(event)` and alert functions on CloudTrail records, with a small stand-in
for Panther's runtime written for trailproof: a read-only, case-insensitive event (digest §2), the
data model's `udm`, an in-memory `panther_detection_helpers.caching` (empty for every rule on every
record), a `panther_core` exposing `PantherEvent`, and a `boto3` whose calls raise. Nothing here
reaches a network.

Protocol: JSON lines on stdin/stdout. The first line is the setup
  {"paths": [...], "rules": [{"file", "title"}], "dataModels": [{"file"|null, "mappings": [...]}]}
answered by {"python", "dateutil", "rules": [{"error"|null, "requiredValues"|null, "standIns": [...]}]}.
Then one request per line, one answer per line:
  {"op": "lines", "n": n} then n lines, one record each -> {"results": [[cell per rule] per record]}
      cell: 0 (no match), [title, severity, dedup, alertError|null] (match), {"e": message} (rule error)
  {"op": "test", "rule": i, "tests": [{"name", "expected", "log", "mocks"}]}
      -> {"tests": [{"name", "passed", "result", "error"}]}
With argument `check` it answers the setup line and exits.
"""

import ast
import importlib.util
import io
import json
import os
import sys
import types
from collections.abc import Mapping, Sequence

# Never write .pyc files into the user's checkout (or the package).
sys.dont_write_bytecode = True

if sys.version_info < (3, 9):
    sys.stdout.write(json.dumps({"fatal": "python %d.%d is too old: trailproof needs 3.9 or later" % sys.version_info[:2]}) + "\n")
    sys.exit(0)

# Modules whose answers Panther's cloud would supply: a rule using them may decide differently here.
STAND_IN_MODULES = ("panther_detection_helpers",)
ENRICHMENT_MODULES = ("panther_ipinfo_helpers", "panther_greynoise_helpers", "panther_lookuptable_helpers", "panther_tor_helpers")
SEVERITIES = ("INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL")
# The cache stand-in's store. Emptied before every rule runs on a record or a unit test: each verdict is what
# Panther's cloud would say with nothing remembered (one rule, one record), the same whatever the order or worker count.
STORE = {}


# ---- the event object (digest §2) ----

def _wrap(value):
    if isinstance(value, dict):
        return ImmutableCaseInsensitiveDict(value)
    if isinstance(value, list):
        return ImmutableList(value)
    return value


class ImmutableList(Sequence):
    """A read-only list: neither a `list` nor a `tuple`, items wrapped on the way out."""

    __slots__ = ("_items",)

    def __init__(self, items):
        self._items = items

    def __getitem__(self, index):
        if isinstance(index, slice):
            return ImmutableList(self._items[index])
        return _wrap(self._items[index])

    def __len__(self):
        return len(self._items)

    def __eq__(self, other):
        if isinstance(other, ImmutableList):
            return self._items == other._items
        return isinstance(other, (list, tuple)) and list(self) == list(other)

    def __hash__(self):
        return hash(json.dumps(self._items, sort_keys=True))

    def __repr__(self):
        return repr(self._items)


class ImmutableCaseInsensitiveDict(Mapping):
    """Exact key first, then the first key equal to it lower-cased; values wrapped, never writable."""

    __slots__ = ("_data", "_lower")

    def __init__(self, data):
        self._data = data
        self._lower = None

    def _key(self, key):
        if key in self._data:
            return key
        if not isinstance(key, str):
            raise KeyError(key)
        if self._lower is None:
            lower = {}
            for k in self._data:
                if isinstance(k, str):
                    lower.setdefault(k.lower(), k)
            self._lower = lower
        found = self._lower.get(key.lower())
        if found is None:
            raise KeyError(key)
        return found

    def __getitem__(self, key):
        return _wrap(self._data[self._key(key)])

    def __contains__(self, key):
        try:
            self._key(key)
            return True
        except KeyError:
            return False

    def __iter__(self):
        return iter(self._data)

    def __len__(self):
        return len(self._data)

    def __eq__(self, other):
        if isinstance(other, ImmutableCaseInsensitiveDict):
            return self._data == other._data
        return isinstance(other, Mapping) and dict(self.items()) == dict(other.items())

    def __repr__(self):
        return repr(self._data)

    def to_dict(self):
        return json.loads(json.dumps(self._data))


def _deep_get(obj, keys, default):
    for key in keys:
        if not isinstance(obj, Mapping):
            return default
        obj = obj.get(key, default)
    return default if obj is None else obj


def _deep_walk(obj, keys, default):
    """Walks mappings and lists on the raw record (case-sensitive keys); several finds give a list."""
    if not keys:
        if isinstance(obj, list) and not obj:
            return default
        return obj
    if isinstance(obj, dict):
        nxt = obj.get(keys[0])
        return default if nxt is None else _deep_walk(nxt, keys[1:], default)
    if isinstance(obj, list):
        found = []
        for item in obj:
            value = _deep_walk(item, keys, None)
            if value is None:
                continue
            for v in value if isinstance(value, list) else [value]:
                if v not in found:
                    found.append(v)
        if not found:
            return default
        return found[0] if len(found) == 1 else found
    return default


def _json_path(data, path):
    """The subset of JSONPath the data models use: `$.a.b`, `a.b`, `[n]`, `[*]`. Case-sensitive."""
    text = path[1:] if path.startswith("$") else path
    steps = []
    for part in text.replace("[", ".[").split("."):
        if part:
            steps.append(part)
    current = [data]
    for step in steps:
        nxt = []
        for node in current:
            if step == "[*]" or step == "*":
                if isinstance(node, list):
                    nxt.extend(node)
                elif isinstance(node, dict):
                    nxt.extend(node.values())
            elif step.startswith("["):
                try:
                    index = int(step[1:-1])
                except ValueError:
                    raise ValueError("unsupported JSONPath step %s in %s" % (step, path))
                if isinstance(node, list) and -len(node) <= index < len(node):
                    nxt.append(node[index])
            elif isinstance(node, dict) and step in node:
                nxt.append(node[step])
        current = nxt
    if len(current) > 1:
        raise Exception("JSONPath %s matched %d values, expected one" % (path, len(current)))
    return current[0] if current else None


class PantherEvent(ImmutableCaseInsensitiveDict):
    __slots__ = ("_model",)

    def __init__(self, data, model=None):
        super().__init__(data)
        self._model = model

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default

    def deep_get(self, *keys, default=None):
        return _deep_get(self, keys, default)

    def deep_walk(self, *keys, default=None):
        return _wrap(_deep_walk(self._data, keys, default))

    def lookup(self, table, key):
        # Panther's lookup tables live in its cloud: offline nothing is found.
        return None

    def udm_path(self, name):
        mapping = self._model.get(name) if self._model else None
        if mapping is None:
            return None
        return mapping.get("path") or mapping.get("method")

    def udm(self, *names, default=None):
        if not names:
            return default
        name = names[0]
        mapping = self._model.get(name) if self._model else None
        if mapping is not None and mapping.get("method"):
            value = _wrap(mapping["function"](self))
        elif mapping is not None:
            value = _wrap(_json_path(self._data, mapping["path"]))
        else:
            value = _deep_get(self, ("p_udm", name), None)
            if value is None:
                value = self.get(name)
        if len(names) > 1:
            return _deep_get(value, names[1:], default)
        return default if value is None else value


def event_of(record, model):
    """The event a rule sees: the record plus the two `p_` fields raw CloudTrail lacks (digest §2.5)."""
    data = dict(record)
    data.setdefault("p_log_type", "AWS.CloudTrail")
    if "p_event_time" not in data and isinstance(record.get("eventTime"), str):
        t = record["eventTime"].replace("T", " ").rstrip("Z")
        data["p_event_time"] = t if "." in t else t + ".000000000"
    return PantherEvent(data, model)


# ---- offline stand-ins (digest §5.2) ----

def _install_stand_ins():
    # An in-memory store in place of Panther's DynamoDB: it lives as long as this process (one replay).
    caching = types.ModuleType("panther_detection_helpers.caching")
    store = STORE

    def get_string_set(key, force_ttl_check=False):
        return set(store.get(key, set()))

    def put_string_set(key, val, epoch_seconds=None):
        store[key] = set(val)

    def add_to_string_set(key, val, epoch_seconds=None):
        items = store.setdefault(key, set())
        if isinstance(val, str):
            items.add(val)
        else:
            items.update(val)
        return set(items)

    def remove_from_string_set(key, val):
        items = store.setdefault(key, set())
        if isinstance(val, str):
            items.discard(val)
        else:
            items.difference_update(val)
        return set(items)

    def get_dictionary(key, force_ttl_check=False):
        return json.loads(json.dumps(store.get(key, {})))

    def put_dictionary(key, val, epoch_seconds=None):
        store[key] = json.loads(json.dumps(val))

    def get_counter(key, force_ttl_check=False):
        return store.get(key, 0)

    def increment_counter(key, val=1, epoch_seconds=None):
        store[key] = store.get(key, 0) + val
        return store[key]

    def reset_counter(key):
        store[key] = 0

    def set_key_expiration(key, epoch_seconds):
        return None

    def check_account_age(key):
        # Panther remembers accounts and users created in the last week; an offline replay knows none.
        return bool(store.get(key))

    for fn in (get_string_set, put_string_set, add_to_string_set, remove_from_string_set, get_dictionary, put_dictionary,
               get_counter, increment_counter, reset_counter, set_key_expiration, check_account_age):
        setattr(caching, fn.__name__, fn)
    package = types.ModuleType("panther_detection_helpers")
    package.__path__ = []
    package.caching = caching
    sys.modules["panther_detection_helpers"] = package
    sys.modules["panther_detection_helpers.caching"] = caching

    core = types.ModuleType("panther_core")
    core.__path__ = []
    core.PantherEvent = PantherEvent
    enriched = types.ModuleType("panther_core.enriched_event")
    enriched.PantherEvent = PantherEvent
    immutable = types.ModuleType("panther_core.immutable")
    immutable.ImmutableCaseInsensitiveDict = ImmutableCaseInsensitiveDict
    immutable.ImmutableList = ImmutableList
    sys.modules.update({"panther_core": core, "panther_core.enriched_event": enriched, "panther_core.immutable": immutable})

    # boto3 is replaced even when installed: a replay never calls AWS (helpers import it for account
    # name lookups; a call raises, which is that rule's error for that record).
    def offline(*args, **kwargs):
        raise RuntimeError("boto3 is not available offline (trailproof stand-in)")

    boto3 = types.ModuleType("boto3")
    boto3.__path__ = []
    boto3.client = boto3.resource = boto3.Session = offline
    botocore = types.ModuleType("botocore")
    botocore.__path__ = []
    exceptions = types.ModuleType("botocore.exceptions")
    exceptions.ClientError = type("ClientError", (Exception,), {})
    exceptions.BotoCoreError = type("BotoCoreError", (Exception,), {})
    config = types.ModuleType("botocore.config")
    config.Config = lambda *args, **kwargs: None
    botocore.exceptions, botocore.config = exceptions, config
    sys.modules.update({"boto3": boto3, "botocore": botocore, "botocore.exceptions": exceptions, "botocore.config": config})


def _load_module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---- what a rule's source says (ast) ----

def _functions(tree):
    return {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}


def _names_reached(tree, start):
    """Names used by `start` and the module functions it calls, transitively."""
    functions = _functions(tree)
    seen, todo, names = set(), [start], set()
    while todo:
        fn = todo.pop()
        if fn in seen or fn not in functions:
            continue
        seen.add(fn)
        for node in ast.walk(functions[fn]):
            if isinstance(node, ast.Name):
                names.add(node.id)
                todo.append(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                names.add(node.value.id)
    return names


def stand_ins_used(tree, helper_sources):
    """Stand-in or enrichment modules `rule()` can reach: its verdict may differ from Panther's cloud."""
    used = _names_reached(tree, "rule")
    found = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module:
            modules = [node.module]
            bound = [a.asname or a.name for a in node.names]
        elif isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
            bound = [(a.asname or a.name).split(".")[0] for a in node.names]
        else:
            continue
        if not used.intersection(bound):
            continue
        for module in modules:
            top = module.split(".")[0]
            if top in STAND_IN_MODULES or top in ENRICHMENT_MODULES:
                found.add(module)
            else:
                # A helper of the checkout that itself uses the cache or enrichment.
                text = helper_sources.get(top, "")
                for other in STAND_IN_MODULES + ENRICHMENT_MODULES:
                    if other in text or "p_enrichment" in text:
                        found.add("%s (through %s)" % (other if other in text else "p_enrichment", top))
    return sorted(found)


def _value_test(node, param):
    """`param.get("k") == "X"`, `param.deep_get("k1", "k2") == "X"` or `... in ("X", ...)`: the values, else None."""
    if not isinstance(node, ast.Compare) or len(node.ops) != 1:
        return None
    left, op, right = node.left, node.ops[0], node.comparators[0]
    if isinstance(left, ast.Constant) and isinstance(op, ast.Eq):
        left, right = right, left
    call = left
    # No default: a default equal to "X" would match records without the field.
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name)
            and call.func.value.id == param and not call.keywords and call.args
            and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in call.args)
            and (call.func.attr == "deep_get" or (call.func.attr == "get" and len(call.args) == 1))):
        return None
    if isinstance(op, ast.Eq) and isinstance(right, ast.Constant) and isinstance(right.value, str):
        return [right.value]
    if isinstance(op, ast.In) and isinstance(right, (ast.Tuple, ast.List, ast.Set)) and right.elts \
            and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in right.elts):
        return [e.value for e in right.elts]
    return None


def required_values(tree):
    """String values one of which `rule()` requires before it can return True, or None when unproved.

    Proved only for a `rule(event)` whose first statement is `return <test> and ...`,
    `if not <test>: return False` or `if event.get("k") != "X": return False`, where <test> is
    `event.get("k") == "X"`, `event.deep_get("k1", "k2") == "X"` or `... in ("X", ...)`: a match then
    has a JSON string "X" in its text (whatever the key's case), and since nothing runs before the test
    a record without one can neither match nor raise (prefilter on and off: same matches, same errors).
    """
    fn = _functions(tree).get("rule")
    if fn is None or not fn.body or len(fn.args.args) != 1:
        return None
    param = fn.args.args[0].arg
    first = fn.body[0]
    if isinstance(first, ast.Return) and first.value is not None:
        test = first.value
        if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
            test = test.values[0]
        return _value_test(test, param)
    if isinstance(first, ast.If) and not first.orelse and len(first.body) == 1 and isinstance(first.body[0], ast.Return):
        ret = first.body[0].value
        if not (isinstance(ret, ast.Constant) and ret.value is False):
            return None
        test = first.test
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            return _value_test(test.operand, param)
        if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], (ast.NotEq, ast.NotIn)):
            flipped = ast.Compare(left=test.left, ops=[ast.Eq() if isinstance(test.ops[0], ast.NotEq) else ast.In()],
                                  comparators=test.comparators)
            return _value_test(flipped, param)
    return None


# ---- loading ----

class Rule:
    def __init__(self, spec, index, helper_sources):
        self.title_default = spec["title"]
        self.module = None
        self.error = None
        self.required_values = None
        self.stand_ins = []
        try:
            with open(spec["file"], encoding="utf-8") as f:
                source = f.read()
            tree = ast.parse(source, spec["file"])
            self.required_values = required_values(tree)
            self.stand_ins = stand_ins_used(tree, helper_sources)
            self.module = _load_module("trailproof_rule_%d" % index, spec["file"])
            if not callable(getattr(self.module, "rule", None)):
                self.error = "%s defines no rule(event) function" % spec["file"]
        except SyntaxError as e:
            self.error = "%s, line %s, col %s: %s" % (spec["file"], e.lineno, e.offset, e.msg)
        except BaseException as e:  # an import error of a helper is this rule's load error
            self.error = "%s: %s: %s" % (spec["file"], type(e).__name__, e)

    def _alert(self, name, event):
        fn = getattr(self.module, name, None)
        return None if fn is None else fn(event)

    def evaluate(self, event):
        if STORE:
            STORE.clear()
        try:
            verdict = self.module.rule(event)
        except Exception as e:
            return {"e": "%s: %s" % (type(e).__name__, e)}
        if not isinstance(verdict, bool):
            return {"e": "rule() returned %s, not a bool" % type(verdict).__name__}
        if not verdict:
            return 0
        # Alert functions may raise on unenriched records: kept apart from the verdict.
        title, severity, dedup, problems = self.title_default, None, None, []
        try:
            value = self._alert("title", event)
            if value is not None:
                title = str(value)
        except Exception as e:
            problems.append("title(): %s: %s" % (type(e).__name__, e))
        try:
            value = self._alert("severity", event)
            if value is not None and str(value).upper() != "DEFAULT":
                if str(value).upper() not in SEVERITIES:
                    raise ValueError("unknown severity %r" % value)
                severity = str(value).upper()
        except Exception as e:
            problems.append("severity(): %s: %s" % (type(e).__name__, e))
        try:
            value = self._alert("dedup", event)
            dedup = (title if value is None else str(value))[:1000]
        except Exception as e:
            dedup = title[:1000]
            problems.append("dedup(): %s: %s" % (type(e).__name__, e))
        return [title, severity, dedup, "; ".join(problems) or None]


def load_model(specs):
    model = {}
    for i, spec in enumerate(specs):
        module = _load_module("trailproof_data_model_%d" % i, spec["file"]) if spec.get("file") else None
        for m in spec["mappings"]:
            entry = {"path": m.get("path"), "method": m.get("method")}
            if entry["method"] and module is None:
                continue  # a method without the model's .py: the name falls back as an unknown one
            if entry["method"]:
                entry["function"] = getattr(module, entry["method"])
            model.setdefault(m["name"], entry)
    return model


def setup(message):
    for path in reversed(message["paths"]):
        sys.path.insert(0, path)
    _install_stand_ins()
    helper_sources = {}
    for path in message["paths"]:
        try:
            for name in os.listdir(path):
                if name.endswith(".py"):
                    with open(os.path.join(path, name), encoding="utf-8") as f:
                        helper_sources[name[:-3]] = f.read()
        except OSError:
            pass
    model_error = None
    try:
        model = load_model(message.get("dataModels", []))
    except BaseException as e:
        model, model_error = {}, "data model: %s: %s" % (type(e).__name__, e)
    rules = [Rule(spec, i, helper_sources) for i, spec in enumerate(message["rules"])]
    has_dateutil = importlib.util.find_spec("dateutil") is not None
    answer = {
        "python": "%d.%d.%d" % sys.version_info[:3],
        "dateutil": has_dateutil,
        "rules": [{"error": model_error or r.error, "requiredValues": r.required_values, "standIns": r.stand_ins} for r in rules],
    }
    return model, rules, answer


def run_tests(rule, tests, model):
    import unittest.mock  # only unit tests need it (slow to import)

    out = []
    for t in tests:
        patches = []
        try:
            for mock in t.get("mocks") or []:
                name, value = mock["objectName"], mock.get("returnValue")
                current = getattr(rule.module, name, None)
                replacement = unittest.mock.MagicMock(return_value=value) if callable(current) else value
                patches.append(unittest.mock.patch.object(rule.module, name, replacement, create=current is None))
            for p in patches:
                p.start()
            cell = rule.evaluate(event_of(t["log"], model))
        finally:
            for p in reversed(patches):
                p.stop()
        if isinstance(cell, dict):
            out.append({"name": t["name"], "passed": False, "result": None, "error": cell["e"]})
            continue
        result = cell != 0
        error = cell[3] if result else None
        out.append({"name": t["name"], "passed": result == t["expected"] and error is None, "result": result, "error": error})
    return out


def evaluate_record(record, rules, model):
    if not isinstance(record, dict):
        return [{"e": "the record is not a JSON object"}] * len(rules)
    event = event_of(record, model)
    return [0 if r.module is None or r.error else r.evaluate(event) for r in rules]


def main():
    # UTF-8 whatever the locale, and only \n ends a line (records are one line each).
    stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", newline="\n")
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n")
    # Rules that print must not break the protocol: their output goes to stderr.
    sys.stdout = sys.stderr
    first = stdin.readline()
    if not first:
        return
    model, rules, answer = setup(json.loads(first))
    out.write(json.dumps(answer) + "\n")
    out.flush()
    if len(sys.argv) > 1 and sys.argv[1] == "check":
        return
    for line in stdin:
        request = json.loads(line)
        if request["op"] == "lines":
            # The next n lines are records as the engine read them; one that is not JSON gets errors.
            results = []
            for _ in range(request["n"]):
                line = stdin.readline()
                try:
                    record = json.loads(line)
                except RecursionError:
                    # Nested deeper than Python's recursion limit: no rule can see it.
                    results.append([{"e": "the record is nested too deeply for Python's json module", "undecodable": True}] * len(rules))
                    continue
                except ValueError:
                    record = None
                results.append(evaluate_record(record, rules, model))
            reply = {"results": results}
        elif request["op"] == "test":
            reply = {"tests": run_tests(rules[request["rule"]], request["tests"], model)}
        else:
            reply = {"fatal": "unknown request %r" % request.get("op")}
        out.write(json.dumps(reply) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
