"""``time_aggregation`` formats: strftime, or the PostgreSQL patterns of old notebooks.

The model hub groups moments into periods with a strftime format (``'%Y-%m-%d'``). Notebooks
written for early versions of the original pass PostgreSQL ``to_char`` patterns instead
(``'YYYY-MM-DD'``); formatted with strftime those contain no directive, so every event would
fall into one constant bucket. :func:`to_strftime` translates the patterns those notebooks used
and rejects anything else with a clear error.

=============  ==========  ======================================
pattern        strftime    meaning
=============  ==========  ======================================
``YYYY``       ``%Y``      year, 4 digits
``IYYY``       ``%G``      ISO 8601 week-numbering year
``YY``         ``%y``      year, 2 digits
``MM``         ``%m``      month, 01-12
``DDD``        ``%j``      day of the year, 001-366
``DD``         ``%d``      day of the month, 01-31
``HH24``       ``%H``      hour, 00-23
``HH12``       ``%I``      hour, 01-12
``HH``         ``%I``      hour, 01-12 (as in PostgreSQL)
``MI``         ``%M``      minute, 00-59
``SS``         ``%S``      second, 00-59
``US``         ``%f``      microseconds, 000000-999999
``IW``         ``%V``      ISO 8601 week of the year, 01-53
``"text"``     ``text``    literal text (e.g. ``'YYYY-"W"IW'``)
=============  ==========  ======================================

Separators (space, ``-``, ``/``, ``:``, ``.``, ``,``, ``_``) are kept as they are. Any other
letters are rejected. A value with a ``%`` anywhere is taken as a strftime format, unchanged.
"""

from __future__ import annotations

import re

from objectiv_bach import InvalidArgumentError

#: PostgreSQL ``to_char`` pattern -> strftime directive; longest patterns first
POSTGRES_PATTERNS: dict[str, str] = {
    "HH24": "%H",
    "HH12": "%I",
    "IYYY": "%G",
    "YYYY": "%Y",
    "DDD": "%j",
    "YY": "%y",
    "MM": "%m",
    "DD": "%d",
    "HH": "%I",
    "MI": "%M",
    "SS": "%S",
    "US": "%f",
    "IW": "%V",
}

_SEPARATORS = " -/:.,_"
_TOKEN = re.compile("|".join([*POSTGRES_PATTERNS, r'"[^"]*"', f"[{re.escape(_SEPARATORS)}]+"]))


def to_strftime(time_aggregation: str) -> str:
    """The strftime format of ``time_aggregation``.

    That is ``time_aggregation`` itself if it is one, else the translation of a PostgreSQL
    pattern (see the module's table).

    A format with a ``%`` directive is a strftime format and is returned unchanged.

    Parameters
    ----------
    time_aggregation : str
        A strftime format (``'%Y-%m-%d'``) or a PostgreSQL pattern (``'YYYY-MM-DD'``).

    Returns
    -------
    str
        The strftime format.

    Raises
    ------
    InvalidArgumentError
        For a value that is neither: the message names it, the part that was not understood
        and the patterns that are.

    Examples
    --------
    >>> to_strftime('YYYY-MM-DD')
    '%Y-%m-%d'
    >>> to_strftime('YYYY-"W"IW')
    '%Y-W%V'
    >>> to_strftime('YYYY-MM-DD HH24:MI:SS')
    '%Y-%m-%d %H:%M:%S'
    >>> to_strftime('%Y-%m')
    '%Y-%m'
    """
    if not isinstance(time_aggregation, str):
        msg = (
            f"time_aggregation={time_aggregation!r} is not a string; pass a strftime format "
            "such as '%Y-%m-%d'."
        )
        raise InvalidArgumentError(msg)
    if "%" in time_aggregation:
        return time_aggregation
    out: list[str] = []
    position = 0
    while position < len(time_aggregation):
        match = _TOKEN.match(time_aggregation, position)
        if match is None:
            rest = time_aggregation[position:]
            known = ", ".join(f"{k}={v}" for k, v in POSTGRES_PATTERNS.items())
            msg = (
                f"time_aggregation={time_aggregation!r} is not a strftime format (it has no "
                f"%-directive, so all events would fall in one period) and not a PostgreSQL "
                f"pattern this model hub translates: {rest!r} is not understood. Pass a "
                f"strftime format such as '%Y-%m-%d' (translated patterns: {known}; "
                "literal text in double quotes)."
            )
            raise InvalidArgumentError(msg)
        token = match.group(0)
        if token in POSTGRES_PATTERNS:
            out.append(POSTGRES_PATTERNS[token])
        elif token.startswith('"'):
            out.append(token[1:-1].replace("%", "%%"))
        else:
            out.append(token)
        position = match.end()
    result = "".join(out)
    if "%" not in result.replace("%%", ""):
        msg = (
            f"time_aggregation={time_aggregation!r} has no date or time part, so all "
            "events would fall in one period. Pass a strftime format such as '%Y-%m-%d'."
        )
        raise InvalidArgumentError(msg)
    return result
