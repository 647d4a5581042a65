"""The comparison rules of `Tests/ConformanceTests` (RecordedComparison and
ConformanceTests.compare), ported so that a replay over the wire is judged exactly like the
in-process run: structurally, strings holding JSON objects parsed, masked values as wildcards,
and Parallel-branch events compared as a multiset."""
import json
import re

STANDARD_MASKS = ["111111111111", "snf_role_arn", "activity_arn", "RandomNumberGenerated", "start-time", "entered-time", "generated-uuid"]


class RecordedComparison:
    def __init__(self, placeholders):
        self.placeholders = list(placeholders)

    def matches(self, actual, expected):
        actual, expected = normalize(actual), normalize(expected)
        if isinstance(actual, dict) and isinstance(expected, dict):
            return len(actual) == len(expected) and all(key in actual and self.matches(actual[key], value) for key, value in expected.items())
        if isinstance(actual, list) and isinstance(expected, list):
            return len(actual) == len(expected) and all(self.matches(a, e) for a, e in zip(actual, expected))
        if isinstance(expected, str):
            if isinstance(actual, str):
                return self.match_string(actual, expected)
            return self.is_wildcard(expected)
        return json_equal(actual, expected)

    def is_wildcard(self, pattern):
        return (
            pattern in ("date", "timestamp")
            or (pattern.startswith("<") and pattern.endswith(">") and " " not in pattern)
            or pattern in STANDARD_MASKS
            or pattern in self.placeholders
        )

    def match_string(self, actual, pattern):
        """Exact, except that masked parts of the expected string match anything."""
        if actual == pattern or self.is_wildcard(pattern):
            return True
        masks = self.mask_tokens(pattern)
        if not masks:
            return False
        regex, rest = "", pattern
        while rest:
            mask = next((token for token in masks if rest.startswith(token)), None)
            if mask is not None:
                regex += ".*"
                rest = rest[len(mask):]
            else:
                regex += re.escape(rest[0])
                rest = rest[1:]
        return re.fullmatch(regex, actual) is not None

    def mask_tokens(self, pattern):
        tokens = [mask for mask in STANDARD_MASKS if mask in pattern]
        tokens += [token for token in (placeholder.split(" (")[0] for placeholder in self.placeholders) if token in pattern]
        index = 0
        while (start := pattern.find("<", index)) >= 0 and (end := pattern.find(">", start)) >= 0:
            token = pattern[start : end + 1]
            if " " not in token:
                tokens.append(token)
            index = end + 1
        # Longest first, so "<ExecArnPart_0idx>" wins over shorter overlaps.
        return sorted(set(tokens), key=len, reverse=True)


def normalize(value):
    if isinstance(value, str) and value.startswith("{"):
        try:
            parsed = json.loads(value)
        except ValueError:
            return value
        if isinstance(parsed, dict):
            return parsed
    return value


def json_equal(a, b):
    """JSON equality: numbers by value, but a boolean is never a number (Python's True == 1)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return type(a) is type(b) and a == b


def compare(outcome, case):
    """None when the outcome matches the recording, else what differs."""
    expected = case["expected"]
    comparison = RecordedComparison(case.get("expected_has_placeholders") or [])
    status = expected.get("status", "")
    if outcome["status"] != status:
        return f"status {outcome['status']}, expected {status} (error {outcome.get('error') or '-'}: {outcome.get('cause') or '-'})"
    if status == "SUCCEEDED":
        expected_output = expected.get("output")
        # An output of JSON null is an output; only a missing one is not.
        if not outcome["has_output"] or not comparison.matches(outcome["output"], expected_output):
            return f"output {json.dumps(outcome.get('output'))}, expected {json.dumps(expected_output)}"
    elif status == "FAILED":
        error, cause = expected.get("error"), expected.get("cause")
        if not comparison.matches(outcome.get("error"), error):
            return f"error {outcome.get('error')}, expected {json.dumps(error)}"
        if not (comparison.matches(outcome.get("cause"), cause) or (cause == "" and outcome.get("cause") is None)):
            return f"cause {outcome.get('cause')}, expected {json.dumps(cause)}"
    if case.get("history"):
        recorded = [event["type"] for event in case["history"] if "type" in event]
        parallel = "parallel" in case.get("features", [])
        if not history_matches(outcome["event_types"], recorded, parallel):
            return f"events {outcome['event_types']}, expected {recorded}"
        # Outside Parallel states (whose ids the recorder replaced) the chains of
        # previousEventId must match too.
        previous = [event["previousEventId"] for event in case["history"] if isinstance(event.get("previousEventId"), int)]
        if not parallel and not chains_match(outcome["previous_event_ids"], previous, recorded):
            return f"previousEventIds {outcome['previous_event_ids']}, expected {previous} for {recorded}"
    return None


def chains_match(actual, recorded, types):
    """The recorded chains, except one race AWS shows: a distributed Map's `MapStateExited`
    follows either its `MapRunStarted` or its `MapRunSucceeded`, in different recordings of
    the same definition shape."""
    if len(actual) != len(recorded):
        return False
    racing = {"MapRunStarted", "MapRunSucceeded"}
    for index, (mine, theirs) in enumerate(zip(actual, recorded)):
        if mine == theirs:
            continue
        if not (
            types[index] == "MapStateExited"
            and 0 < mine <= len(types)
            and 0 < theirs <= len(types)
            and types[mine - 1] in racing
            and types[theirs - 1] in racing
        ):
            return False
    return True


def history_matches(actual, recorded, parallel):
    """Parallel branches were reordered by the recorder and some of their events dropped, so
    there every recorded event must be present and any extra ones be Parallel bookkeeping."""
    if not parallel:
        return actual == recorded
    remaining = list(actual)
    for event_type in recorded:
        if event_type not in remaining:
            return False
        remaining.remove(event_type)
    return all(event_type.startswith("ParallelState") for event_type in remaining)
