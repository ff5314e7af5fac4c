r"""The portable regular expressions of ``.str.contains`` and ``.str.replace``.

DuckDB and BigQuery use RE2, PostgreSQL its own "advanced" regular expressions, and pandas
Python's ``re``. They agree on a common core, which is what Bach accepts: a pattern is parsed
here into tokens, refused with a clear error when it leaves that core, and written back for each
engine by :func:`engine_pattern` (called by the dialects' renderings).

The core:

* literal characters, and ``\`` before a character that is not a letter or digit (a literal);
  ``\n`` and ``\t``;
* ``.`` (any character but a newline, as Python: PostgreSQL gets ``[^\n]``);
* bracket classes ``[abc]``, ``[a-z]``, ``[^...]`` of literal characters and ranges;
* ``^`` and ``$`` (``$`` only at the very end of the value, as Python's ``\Z``);
* the greedy quantifiers ``*``, ``+``, ``?``, ``{m}``, ``{m,}``, ``{m,n}``;
* for ``contains`` only: groups ``( )`` and alternation ``|``.

``replace`` takes no groups and no alternation, and no pattern that can match the empty string:
with those, the engines pick different matches (PostgreSQL the longest, RE2 and Python the first
alternative). Without them, the first match is the same everywhere.

Refused: ``\d \w \s \b`` and other letter escapes (their Unicode meaning differs), lazy
quantifiers, back references, look-arounds, ``(?...)`` groups, POSIX classes ``[[:alpha:]]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from objectiv_bach.errors import InvalidArgumentError

_META = set(".^$*+?{}[]()|\\")
_QUANTIFIER = re.compile(r"\{(\d+)(,(\d*))?\}")
_CORE = (
    "literal characters (escape . ^ $ * + ? { } [ ] ( ) | \\ with a backslash), \\n, \\t, '.', "
    "classes like [a-z] and [^,], ^ and $, and the greedy quantifiers * + ? {m} {m,} {m,n}"
)


@dataclass(frozen=True)
class Token:
    """One piece of a parsed pattern: ``kind`` is lit, any, class, anchor, quant, group or alt."""

    kind: str
    text: str


def _refuse(pattern: str, what: str, hint: str = "") -> InvalidArgumentError:
    msg = (
        f"Regular expression {pattern!r}: {what} is not supported, as it does not mean the same on "
        f"DuckDB, PostgreSQL and BigQuery. Bach supports {_CORE}. "
        f"{hint or 'Rewrite the pattern with those, or pass regex=False for a plain substring.'}"
    )
    return InvalidArgumentError(msg)


def _escape_char(pattern: str, ch: str) -> str:
    if ch == "n":
        return "\n"
    if ch == "t":
        return "\t"
    if ch.isalnum() or ch == "_":
        raise _refuse(pattern, f"the escape '\\{ch}'")
    return ch


def _parse_class(pattern: str, i: int) -> tuple[str, int]:
    """The bracket class starting at ``pattern[i] == '['``, normalized, and the index after it."""
    j = i + 1
    out = "["
    if j < len(pattern) and pattern[j] == "^":
        out += "^"
        j += 1
    first = True
    while True:
        if j >= len(pattern):
            raise _refuse(pattern, "an unterminated '['", "Close the class with ']'.")
        ch = pattern[j]
        if ch == "]" and not first:
            return out + "]", j + 1
        if ch == "[" and pattern[j + 1 : j + 2] in (":", "=", "."):
            raise _refuse(pattern, "a POSIX class such as [[:alpha:]]", "List the characters.")
        if ch == "\\":
            if j + 1 >= len(pattern):
                raise _refuse(pattern, "a trailing backslash")
            lit = _escape_char(pattern, pattern[j + 1])
            out += "\\" + lit if lit in "]\\^-[" else lit
            j += 2
        elif ch == "]":  # a leading ']' is a literal in Python only
            raise _refuse(pattern, "a ']' first in a class", "Escape it: '[\\]]'.")
        elif ch == "[":
            out += "\\["
            j += 1
        else:
            out += ch
            j += 1
        first = False


def parse(pattern: str, *, for_replace: bool) -> tuple[Token, ...]:
    """The tokens of ``pattern``; raises InvalidArgumentError outside the portable core."""
    tokens: list[Token] = []
    depth = 0
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            if i + 1 >= len(pattern):
                raise _refuse(pattern, "a trailing backslash")
            tokens.append(Token("lit", _escape_char(pattern, pattern[i + 1])))
            i += 2
            continue
        if ch == "[":
            text, i = _parse_class(pattern, i)
            tokens.append(Token("class", text))
            continue
        if ch in "*+?{":
            if (
                not tokens
                or tokens[-1].kind in ("quant", "anchor", "alt")
                or (tokens[-1].kind == "group" and tokens[-1].text == "(")
            ):
                raise _refuse(pattern, f"a quantifier {ch!r} with nothing to repeat")
            if ch == "{":
                m = _QUANTIFIER.match(pattern, i)
                if m is None:
                    raise _refuse(pattern, "a '{' that is not a quantifier", "Escape it: '\\{'.")
                if m.group(3) and int(m.group(3)) < int(m.group(1)):
                    raise _refuse(pattern, f"the quantifier {m.group(0)!r}")
                text, i = m.group(0), m.end()
            else:
                text, i = ch, i + 1
            if i < len(pattern) and pattern[i] in "?+":
                raise _refuse(pattern, f"the lazy or possessive quantifier {text + pattern[i]!r}")
            tokens.append(Token("quant", text))
            continue
        if ch in "()|":
            if for_replace:
                raise _refuse(
                    pattern,
                    f"{'alternation' if ch == '|' else 'a group'} in str.replace",
                    "Call replace once per alternative, or use a class like [ab].",
                )
            if ch == "(":
                if pattern[i + 1 : i + 2] == "?":
                    raise _refuse(pattern, "a '(?...)' group", "Use case=False for (?i).")
                depth += 1
            elif ch == ")":
                if depth == 0:
                    raise _refuse(pattern, "an unbalanced ')'")
                depth -= 1
            tokens.append(Token("group" if ch != "|" else "alt", ch))
            i += 1
            continue
        if ch in "]}":
            raise _refuse(pattern, f"an unescaped {ch!r}", f"Escape it: '\\{ch}'.")
        if ch == ".":
            tokens.append(Token("any", "."))
        elif ch in "^$":
            tokens.append(Token("anchor", ch))
        else:
            tokens.append(Token("lit", ch))
        i += 1
    if depth:
        raise _refuse(pattern, "an unbalanced '('")
    if for_replace:
        python = re.compile(python_pattern(tokens))
        if python.fullmatch("") is not None:
            raise _refuse(
                pattern,
                "a pattern that can match the empty string in str.replace",
                "Make it match at least one character (e.g. 'a+' instead of 'a*').",
            )
    return tuple(tokens)


def _emit(tokens: tuple[Token, ...] | list[Token], any_char: str, end: str) -> str:
    out = []
    for t in tokens:
        if t.kind == "lit":
            out.append("\\" + t.text if t.text in _META else t.text)
        elif t.kind == "any":
            out.append(any_char)
        elif t.kind == "anchor":
            out.append("^" if t.text == "^" else end)
        else:
            out.append(t.text)
    return "".join(out)


def python_pattern(tokens: tuple[Token, ...] | list[Token]) -> str:
    r"""The pattern as Python's ``re`` reads it with Bach's meaning (``$`` is ``\Z``)."""
    return _emit(tokens, ".", r"\Z")


def engine_pattern(pattern: str, *, postgres: bool, case: bool, for_replace: bool) -> str:
    """``pattern`` (validated Python syntax) written for RE2 or for PostgreSQL's regex engine.

    ``case=False`` adds the ``(?i)`` option, which all three engines read.
    """
    tokens = parse(pattern, for_replace=for_replace)
    text = _emit(tokens, "[^\n]" if postgres else ".", "$")
    return text if case else "(?i)" + text


def replacement_text(repl: str) -> str:
    """The literal text Python's ``re.sub`` inserts for ``repl`` (escapes processed).

    Group references are refused (``replace`` patterns have no groups).
    """
    if "\\g" in repl:
        msg = f"str.replace(repl={repl!r}): group references are not supported (no groups)."
        raise InvalidArgumentError(msg)
    try:
        return re.sub("^", repl, "", count=1)
    except (re.error, IndexError) as error:
        msg = (
            f"str.replace(repl={repl!r}): {error}. The replacement of a regex may hold text and "
            "escapes such as \\n, but no group references (the pattern has no groups)."
        )
        raise InvalidArgumentError(msg) from error


def escape_replacement(text: str) -> str:
    """``text`` as a regex replacement that inserts it literally (RE2 and PostgreSQL)."""
    return text.replace("\\", "\\\\")
