"""A small, strict RFC 5545 reader written for the tests, independent of the icalendar library:
it checks CRLF line endings and the 75-octet line limit, unfolds lines, and splits each content
line into name, parameters and value."""

import re

NAME = re.compile(r"^[A-Za-z0-9-]+$")


class ICSError(AssertionError):
    pass


def unfold(data: bytes):
    if not data.endswith(b"\r\n"):
        raise ICSError("the stream must end with CRLF")
    raw_lines = data.split(b"\r\n")[:-1]
    for number, raw in enumerate(raw_lines, 1):
        if b"\n" in raw or b"\r" in raw:
            raise ICSError(f"line {number}: bare CR or LF")
        if len(raw) > 75:
            raise ICSError(f"line {number}: {len(raw)} octets, more than 75")
    lines = []
    for raw in raw_lines:
        if raw[:1] in (b" ", b"\t"):
            if not lines:
                raise ICSError("continuation line first")
            lines[-1] += raw[1:]
        else:
            lines.append(raw)
    return [line.decode("utf-8") for line in lines]


def split_line(line):
    """name, {param: value}, value — honouring quoted parameter values."""
    in_quotes = False
    colon = None
    for index, char in enumerate(line):
        if char == '"':
            in_quotes = not in_quotes
        elif char == ":" and not in_quotes:
            colon = index
            break
    if colon is None:
        raise ICSError(f"no ':' in {line!r}")
    head, value = line[:colon], line[colon + 1 :]
    parts = re.findall(r'(?:[^;"]|"[^"]*")+', head)
    name = parts[0].upper()
    if not NAME.match(name):
        raise ICSError(f"bad property name {name!r}")
    params = {}
    for part in parts[1:]:
        key, _, val = part.partition("=")
        params[key.upper()] = val.strip('"')
    return name, params, value


def unescape(value):
    out, index = [], 0
    while index < len(value):
        char = value[index]
        if char == "\\" and index + 1 < len(value):
            nxt = value[index + 1]
            out.append({"n": "\n", "N": "\n", "\\": "\\", ";": ";", ",": ","}.get(nxt, nxt))
            index += 2
            continue
        if char in ";,":
            raise ICSError(f"unescaped {char!r} in TEXT value {value!r}")
        out.append(char)
        index += 1
    return "".join(out)


def parse(data: bytes):
    """A tree of components: {"name", "props": [(name, params, value)], "children": [...]}."""
    root = {"name": None, "props": [], "children": []}
    stack = [root]
    for line in unfold(data):
        name, params, value = split_line(line)
        if name == "BEGIN":
            component = {"name": value.upper(), "props": [], "children": []}
            stack[-1]["children"].append(component)
            stack.append(component)
        elif name == "END":
            if stack[-1]["name"] != value.upper():
                raise ICSError(f"END:{value} does not close {stack[-1]['name']}")
            stack.pop()
        else:
            if len(stack) == 1:
                raise ICSError("property outside a component")
            stack[-1]["props"].append((name, params, value))
    if len(stack) != 1:
        raise ICSError("unclosed component")
    if len(root["children"]) != 1 or root["children"][0]["name"] != "VCALENDAR":
        raise ICSError("exactly one VCALENDAR expected")
    return root["children"][0]


def prop(component, name):
    found = [p for p in component["props"] if p[0] == name]
    if len(found) != 1:
        raise ICSError(f"{component['name']} has {len(found)} {name}")
    return found[0]


def events(calendar):
    return [child for child in calendar["children"] if child["name"] == "VEVENT"]
