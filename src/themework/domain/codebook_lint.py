"""Reading and linting codebook YAML: every problem in one run, each with its line and column.

The YAML is composed into a node tree (never constructed blindly) so that the linter sees what
PyYAML would silently hide: duplicate keys (last wins), an unquoted ``colour: #2a9d8f`` (a
comment, so the value is null) and ``no``/``yes``/``on`` read as booleans. It is composed by
``domain.yamlfile``, which refuses aliases and deep nesting, so the tree is a tree and small
(an alias bomb is refused at its first ``*``). ``read_codebook``
returns the problems and, when there are none, a plain mutable draft that
``themework.domain.codebook`` freezes into ``CodeSpec``/``ThemeSpec``.

Messages never echo definitions, criteria or examples (examples may quote transcripts); they do
name codes, aliases, ids and keys, which are codebook vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from themework.domain.codebook_draft import (
    DraftCode,
    DraftDoc,
    DraftTheme,
    Problem,
    Ref,
    at,
    suggest,
)
from themework.domain.codebook_refs import check_references
from themework.domain.yamlfile import YamlRefused, compose

__all__ = ["Problem", "lint_codebook", "read_codebook"]

TOP_FIELDS = ("codebook", "codes", "themes")
CODE_FIELDS = (
    "name", "id", "aliases", "definition", "include", "exclude", "examples", "keywords",
    "patterns", "colour", "status", "exclusive", "children", "parent",
)  # fmt: skip
THEME_FIELDS = ("name", "id", "definition", "central_concept", "scope", "codes", "children")
STATUSES = ("active", "retired")
ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
COLOUR_RE = re.compile(r"#[0-9a-fA-F]{6}")

_T = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _MERGE = _T + "str", _T + "null", _T + "bool", _T + "merge"
_READ_AS = {_T + "int": "a number", _T + "float": "a number", _T + "timestamp": "a date"}
_SHORT_LISTS = ("aliases", "keywords", "codes")  # values short enough to echo in a hint
_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")  # YAML's line breaks, as in marks
_EXAMPLE_COLOUR = "#2a9d8f"


def lint_codebook(text: str, filename: str) -> list[Problem]:
    """Every problem in the codebook ``text``, sorted by line and column; empty when it is fine."""
    return read_codebook(text, filename)[1]


def read_codebook(text: str, filename: str) -> tuple[DraftDoc | None, list[Problem]]:
    """The draft (``None`` when the YAML cannot be read at all) and every problem found."""
    reader = _Reader(text, filename)
    doc = reader.read()
    problems = sorted(set(reader.problems), key=lambda p: (p.line, p.column, p.message))
    if not problems and doc is not None:
        doc.attach_parents(reader.codes)
    return doc, problems


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "mapping"
    if isinstance(node, SequenceNode):
        return "list"
    if node.tag == _STR:
        return "string"
    if node.tag == _NULL:
        return "empty value"
    if node.tag == _BOOL:
        return "boolean"
    return _READ_AS.get(node.tag, "tagged value")


def _scalar_problem(node: ScalarNode) -> str:
    if node.tag == _BOOL:
        return f"'{node.value}' was read as a boolean; quote it"
    if node.tag in _READ_AS:
        return f"'{node.value}' was read as {_READ_AS[node.tag]}; quote it"
    return f"unsupported tag '{node.tag}'"


_Fields = dict[str, tuple[Node, Node]]  # a mapping's known fields: name -> (key, value)


@dataclass
class _Reader:
    text: str
    file: str
    problems: list[Problem] = field(default_factory=list)
    codes: list[DraftCode] = field(default_factory=list)  # every code, depth first
    themes: list[DraftTheme] = field(default_factory=list)  # every theme, depth first

    def add(self, node: Node, message: str) -> None:
        self.add_at(*at(node), message)

    def add_at(self, line: int, column: int, message: str) -> None:
        """Record a problem; control characters in echoed values are escaped."""
        shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)
        self.problems.append(Problem(self.file, line, column, shown))

    def read(self) -> DraftDoc | None:
        try:
            root = compose(self.text)
        except yaml.YAMLError as exc:
            self.syntax_error(exc)
            return None
        if root is None:
            self.add_at(1, 1, "the codebook is empty")
            return None
        self.duplicate_keys(root)
        doc = DraftDoc()
        if not isinstance(root, MappingNode):
            self.add(root, f"the top level must be a mapping with 'codes', not a {_kind(root)}")
            return doc
        fields = self.fields(root, TOP_FIELDS)
        if "codebook" in fields:
            doc.title = self.string(*fields["codebook"]) or ""
        if "codes" not in fields:
            self.add(root, "missing required field 'codes'")
        else:
            doc.codes = self.code_list(fields["codes"][1], None)
        if "themes" in fields:
            doc.themes = self.theme_list(fields["themes"][1])
        check_references(self.codes, self.themes, self.add)
        self.exclusive_sets()
        return doc

    def exclusive_sets(self) -> None:
        """``exclusive: true`` makes a code's children the categories of one variable: it
        needs two of them to choose between."""
        for code in self.codes:
            if not code.exclusive or code.exclusive_node is None:
                continue
            children = len(code.children) + sum(1 for c in self.codes if c.parent_target is code)
            if children < 2:
                self.add(
                    code.exclusive_node,
                    f"exclusive: true makes the children of '{code.name}' one set of categories; "
                    f"it has {children} child code{'' if children == 1 else 's'}, so nothing "
                    "to choose between",
                )

    def syntax_error(self, exc: yaml.YAMLError) -> None:
        line, column, message = 1, 1, str(exc)
        if isinstance(exc, yaml.MarkedYAMLError):
            mark = exc.problem_mark or exc.context_mark
            if mark is not None:
                line, column = mark.line + 1, mark.column + 1
            message = exc.problem or exc.context or message
            if isinstance(exc, YamlRefused):  # well-formed, but refused: no "syntax error"
                self.add_at(line, column, message)
                return
            if message == "but found another document":
                message = "found a second YAML document; a codebook is a single document"
            elif exc.context and exc.context_mark is not None:
                message += f" ({exc.context} at line {exc.context_mark.line + 1})"
            if "'\\t'" in message:
                message += "; indent with spaces, not tabs"
        elif isinstance(exc, yaml.reader.ReaderError):
            before = self.text[: exc.position]
            line, column = before.count("\n") + 1, len(before) - before.rfind("\n")
            message = f"character #x{exc.character:04x} is not allowed in YAML"
        self.add_at(line, column, f"YAML syntax error: {message}")

    def duplicate_keys(self, root: Node) -> None:
        """PyYAML keeps the last of two equal keys without a word: report each repeat."""
        stack, seen = [root], set()
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, MappingNode):
                first: dict[tuple[str, str], ScalarNode] = {}
                for key, value in node.value:
                    if isinstance(key, ScalarNode):
                        earlier = first.setdefault((key.tag, key.value), key)
                        if earlier is not key:
                            line = earlier.start_mark.line + 1
                            self.add(key, f"duplicate key '{key.value}' (first at line {line})")
                    stack += [key, value]
            elif isinstance(node, SequenceNode):
                stack += node.value

    def fields(self, mapping: MappingNode, known: tuple[str, ...]) -> _Fields:
        """Known fields by name (the first of duplicates); unknown ones are reported."""
        out: _Fields = {}
        for key, value in mapping.value:
            if not isinstance(key, ScalarNode):
                self.add(key, "field names must be plain strings")
            elif key.tag == _MERGE:
                self.add(key, "merge keys (<<) are not supported")
            elif key.tag != _STR or key.value not in known:
                self.add(key, f"unknown field '{key.value}'{suggest(key.value, list(known))}")
            else:
                out.setdefault(key.value, (key, value))
        return out

    def string(self, key: Node, value: Node) -> str | None:
        """The text of a string field ("" when empty), or None after reporting a problem."""
        if isinstance(value, ScalarNode):
            if value.tag == _STR:
                return str(value.value)
            if value.tag == _NULL:
                return ""
            self.add(value, _scalar_problem(value))
            return None
        self.add(value, f"{key.value} must be a string, not a {_kind(value)}")
        return None

    def strings(self, key: Node, value: Node) -> list[Ref]:
        """A list of non-empty strings with their nodes; bad entries are reported and dropped."""
        name = str(key.value)
        if isinstance(value, ScalarNode) and value.tag == _NULL:
            return []
        if isinstance(value, ScalarNode) and value.tag == _STR:
            hint = "write each on its own '- ' line"
            if name in _SHORT_LISTS:
                flow = yaml.safe_dump([value.value], default_flow_style=True, allow_unicode=True)
                hint = f"write {name}: {flow.strip()}"
            self.add(value, f"{name} must be a list of strings, not a single string; {hint}")
            return []
        if not isinstance(value, SequenceNode):
            self.add(value, f"{name} must be a list of strings, not a {_kind(value)}")
            return []
        out: list[Ref] = []
        for item in value.value:
            if isinstance(item, ScalarNode) and item.tag in (_STR, _NULL):
                text = str(item.value)
                if not text.strip() or item.tag == _NULL:
                    self.add(item, f"{name} has an empty entry")
                elif name in _SHORT_LISTS and _LINE_BREAK.search(text):
                    self.add(item, f"{name} entries must be single lines")
                else:
                    out.append(Ref(text, item))
            elif isinstance(item, ScalarNode):
                self.add(item, _scalar_problem(item))
            else:
                self.add(item, f"{name} entries must be strings, not a {_kind(item)}")
        return out

    def mapping_list(self, value: Node, what: str) -> list[MappingNode]:
        if isinstance(value, ScalarNode) and value.tag == _NULL:
            return []
        if not isinstance(value, SequenceNode):
            self.add(value, f"{what} must be a list, not a {_kind(value)}")
            return []
        items: list[MappingNode] = []
        for item in value.value:
            if isinstance(item, MappingNode):
                items.append(item)
            elif isinstance(item, ScalarNode) and item.tag == _NULL:
                self.add(item, f"empty entry in {what}")
            elif isinstance(item, ScalarNode) and item.tag == _STR:
                hint = f"write '- name: {item.value}'"
                self.add(item, f"each entry in {what} must be a mapping; {hint}")
            else:
                self.add(item, f"each entry in {what} must be a mapping, not a {_kind(item)}")
        return items

    def code_list(self, value: Node, parent: DraftCode | None) -> list[DraftCode]:
        out = []
        for node in self.mapping_list(value, "codes" if parent is None else "children"):
            out.append(self.code(node, parent))
        return out

    def code(self, node: MappingNode, parent: DraftCode | None) -> DraftCode:
        code = DraftCode(node=node, nested_parent=parent)
        self.codes.append(code)
        f = self.fields(node, CODE_FIELDS)
        code.name, code.name_node = self.name(node, f, "code")
        for text_field in ("definition", "include", "exclude"):
            if text_field in f:
                setattr(code, text_field, self.string(*f[text_field]) or "")
        for list_field in ("aliases", "examples", "keywords"):
            if list_field in f:
                setattr(code, list_field, self.strings(*f[list_field]))
        if "id" in f:
            code.id = self.ident(*f["id"])
        if "patterns" in f:
            code.patterns = self.patterns(f["patterns"][1])
        if "colour" in f:
            code.colour = self.colour(*f["colour"])
        if "status" in f:
            code.status = self.string(*f["status"]) or ""
            if code.status and code.status not in STATUSES:
                allowed = " or ".join(f"'{s}'" for s in STATUSES)
                self.add(f["status"][1], f"status must be {allowed}, not '{code.status}'")
        if "exclusive" in f:
            key, value = f["exclusive"]
            if isinstance(value, ScalarNode) and value.tag == _BOOL:
                code.exclusive = value.value.lower() in ("true", "yes", "on")
                code.exclusive_node = key
            else:
                self.add(value, "exclusive must be true or false")
        if "parent" in f:
            key, value = f["parent"]
            if parent is not None:
                where = f"this one is nested under '{parent.name}'"
                self.add(key, f"parent is only allowed on top-level codes; {where}")
            elif (ref := self.string(key, value)) is not None and ref.strip():
                code.parent_ref = Ref(ref, value)
        if "children" in f:
            code.children = self.code_list(f["children"][1], code)
        return code

    def name(self, node: MappingNode, f: _Fields, what: str) -> tuple[str, Node]:
        if "name" not in f:
            self.add(node, f"{what} has no name")
            return "", node
        key, value = f["name"]
        text = self.string(key, value)
        if text is not None and not text.strip():
            self.add(key, f"{what} name is empty")
        elif text is not None and _LINE_BREAK.search(text):
            self.add(value, f"{what} name must be a single line")
            text = None
        return text or "", value

    def ident(self, key: Node, value: Node) -> str | None:
        text = self.string(key, value)
        if not text:
            return None
        if not ID_RE.fullmatch(text):
            rule = "use lowercase letters, digits and hyphens, not starting with a hyphen"
            self.add(value, f"invalid id '{text}': {rule}")
            return None
        return text

    def colour(self, key: Node, value: Node) -> str:
        if isinstance(value, ScalarNode) and value.tag == _NULL and value.value == "":
            line = _LINE_BREAK.split(self.text)[key.start_mark.line]
            hash_at = line.find("#", key.end_mark.column)
            # "colour: # to do" is a deliberate comment; "colour: #2a9d8f" is a mistake
            if hash_at >= 0 and line[hash_at + 1 : hash_at + 2].strip():
                written = line[hash_at:].split()[0]
                shown = written if COLOUR_RE.fullmatch(written) else _EXAMPLE_COLOUR
                why = "an unquoted # starts a YAML comment"
                message = f'colour is empty: {why}; write colour: "{shown}"'
                self.add_at(at(key)[0], hash_at + 1, message)
            return ""
        text = self.string(key, value) or ""
        if text and not COLOUR_RE.fullmatch(text):
            self.add(value, f"colour '{text}' is not a #rrggbb hex colour")
        return text

    def patterns(self, value: Node) -> list[tuple[dict[str, Any], ...]]:
        """spaCy Matcher patterns: a list of patterns, each a list of token mappings."""
        if isinstance(value, ScalarNode) and value.tag == _NULL:
            return []
        if not isinstance(value, SequenceNode):
            self.add(value, f"patterns must be a list of patterns, not a {_kind(value)}")
            return []
        out = []
        for pattern in value.value:
            if not isinstance(pattern, SequenceNode) or not pattern.value:
                self.add(pattern, "each pattern must be a non-empty list of token mappings")
            elif bad := [t for t in pattern.value if not isinstance(t, MappingNode)]:
                example = "{LOWER: reliable}"
                self.add(bad[0], f"each token in a pattern must be a mapping, e.g. {example}")
            else:
                try:
                    built = yaml.SafeLoader("").construct_object(pattern, deep=True)
                except yaml.MarkedYAMLError as exc:
                    self.add(pattern, f"pattern cannot be read: {exc.problem}")
                    continue
                out.append(tuple(built))
        return out

    def theme_list(self, value: Node) -> list[DraftTheme]:
        out = []
        for node in self.mapping_list(value, "themes"):
            theme = DraftTheme(node=node)
            self.themes.append(theme)
            f = self.fields(node, THEME_FIELDS)
            theme.name, theme.name_node = self.name(node, f, "theme")
            for text_field in ("definition", "central_concept", "scope"):
                if text_field in f:
                    setattr(theme, text_field, self.string(*f[text_field]) or "")
            if "id" in f:
                theme.id = self.ident(*f["id"])
            if "codes" in f:
                theme.code_refs = self.strings(*f["codes"])
            if "children" in f:
                theme.children = self.theme_list(f["children"][1])
            out.append(theme)
        return out
