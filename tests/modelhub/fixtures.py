"""Hand-made native Objectiv events, small enough to work out expected values by hand.

Every fixture is a pandas frame in the native format (the collector's ``data`` table, the same
shape as :func:`objectiv_modelhub.sample_data.generate_events`): ``event_id`` (uuid.UUID),
``day`` (date), ``moment`` (datetime64[us]), ``cookie_id`` (uuid.UUID) and ``value`` (the event
JSON text). Event and cookie ids are readable: ``eid(7)`` is
``00000000-0000-4000-8000-000000000007``, so their order is the order of the numbers.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pandas as pd

T0 = dt.datetime(2022, 3, 1, 9, 0, 0)


def eid(n: int) -> uuid.UUID:
    """The event id number ``n`` (ids sort like their numbers)."""
    return uuid.UUID(f"00000000-0000-4000-8000-{n:012d}")


def cid(n: int) -> uuid.UUID:
    """The cookie id number ``n``."""
    return uuid.UUID(f"00000000-0000-4000-9000-{n:012d}")


def ctx(type_name: str, id_: str, **fields: Any) -> dict[str, Any]:
    return {"_type": type_name, "id": id_, **fields}


def identity(value: str, id_: str = "email") -> dict[str, Any]:
    return ctx("IdentityContext", id_, value=value)


ROOT = ctx("RootLocationContext", "home")
NAV = ctx("NavigationContext", "navbar-top")
SIGN_UP = ctx("LinkContext", "sign-up", href="/sign-up")
DEFAULT_STACK = [ROOT, ctx("ContentContext", "hero")]


def event(
    n: int,
    seconds: float,
    cookie: int,
    *,
    event_type: str = "VisibleEvent",
    stack: list[dict[str, Any]] | None = None,
    contexts: list[dict[str, Any]] = (),
    app: str = "app-1",
) -> dict[str, Any]:
    """One native row: event ``eid(n)`` of cookie ``cid(cookie)`` at ``T0 + seconds``."""
    moment = T0 + dt.timedelta(seconds=seconds)
    types = sorted(
        {
            "AbstractEvent",
            event_type,
            "InteractiveEvent" if event_type == "PressEvent" else "NonInteractiveEvent",
        }
    )
    value = {
        "_type": event_type,
        "_types": types,
        "id": str(eid(n)),
        "time": int(round((moment - dt.datetime(1970, 1, 1)).total_seconds() * 1000)),
        "location_stack": DEFAULT_STACK if stack is None else stack,
        "global_contexts": [
            ctx("ApplicationContext", app),
            ctx("CookieIdContext", str(cid(cookie)), cookie_id=str(cid(cookie))),
            *contexts,
        ],
    }
    return {
        "event_id": eid(n),
        "day": moment.date(),
        "moment": moment,
        "cookie_id": cid(cookie),
        "value": json.dumps(value),
    }


def frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["event_id", "day", "moment", "cookie_id", "value"])
    df["moment"] = df["moment"].astype("datetime64[us]")
    return df


# ---------------------------------------------------------------------------------------------
# sessions: the gap boundary, ties on moment
#
# cookie 1: e1 @0, e2 @1800 (gap exactly 1800 s: same session), e3 @3601 (gap 1801 s: new
#           session), e4 @3601 (tie with e3, same session), e5 @5401.5 (gap 1800.5 s: new)
# cookie 2: e6 @3601 (first event: its session starts at the same moment as cookie 1's second
#           session; e3 < e6 so cookie 1's session gets the lower id), e7 @5402 (gap 1801 s: new)
# cookie 3: e9 @0 (one event, starts at the same moment as cookie 1's first session: e1 < e9)
# Session starts by (moment, event_id): e1@0, e9@0, e3@3601, e6@3601, e5@5401.5, e7@5402
#   -> session ids: e1:1, e9:2, e3:3, e6:4, e5:5, e7:6
GAP_EVENTS = [
    event(1, 0, 1),
    event(2, 1800, 1),
    event(3, 3601, 1),
    event(4, 3601, 1),
    event(5, 5401.5, 1),
    event(6, 3601, 2),
    event(7, 5402, 2),
    event(9, 0, 3),
]
#: event number -> (session_id, session_hit_number), worked out above
GAP_EXPECTED = {
    1: (1, 1),
    2: (1, 2),
    3: (3, 1),
    4: (3, 2),
    5: (5, 1),
    6: (4, 1),
    7: (6, 1),
    9: (2, 1),
}
#: with session_gap_seconds=1801 the 1801 s gaps stay in the session, and so does e5 (1800.5 s
#: after e4): session starts e1(0) e9(0) e6(3601)
GAP_1801_EXPECTED = {
    1: (1, 1),
    2: (1, 2),
    3: (1, 3),
    4: (1, 4),
    5: (1, 5),
    6: (3, 1),
    7: (3, 2),
    9: (2, 1),
}

# ---------------------------------------------------------------------------------------------
# ties: three events of one cookie at the same moment, inserted out of id order
TIE_EVENTS = [event(23, 10, 5), event(21, 10, 5), event(22, 10, 5), event(24, 20, 5)]
TIE_EXPECTED = {21: (1, 1), 22: (1, 2), 23: (1, 3), 24: (1, 4)}

# ---------------------------------------------------------------------------------------------
# identities
#
# cookie 11: never identified
# cookie 12: identified as jane (email) on its 2nd event only -> all its events are jane
# cookie 13: changes identity: bob at @100, then robert at @200 -> the last one (robert) wins
# cookie 14: one event with two identities: phone first, then email; with 'email' only the
#            email identity counts, with any ('') the first IdentityContext (phone) counts
# cookie 15: jane again on another device (same e-mail): merges with cookie 12's user
# cookie 16: only a phone identity: identified with '', unidentified with 'email'
IDENTITY_EVENTS = [
    event(31, 0, 11),
    event(32, 60, 11),
    event(41, 0, 12),
    event(42, 60, 12, contexts=[identity("jane@example.com")]),
    event(43, 120, 12),
    event(51, 50, 13, contexts=[identity("bob@example.com")]),
    event(52, 100, 13, contexts=[identity("bob@example.com")]),
    event(53, 200, 13, contexts=[identity("robert@example.com")]),
    event(54, 250, 13),
    event(61, 30, 14, contexts=[identity("555-1234", "phone"), identity("kim@example.com")]),
    event(71, 90, 15, contexts=[identity("jane@example.com")]),
    event(81, 10, 16, contexts=[identity("555-9999", "phone")]),
]
#: event number -> expected user_id for identity_resolution='email' (None: anonymous)
IDENTITY_EMAIL_EXPECTED = {
    31: None,
    32: None,
    41: "jane@example.com|email",
    42: "jane@example.com|email",
    43: "jane@example.com|email",
    51: "robert@example.com|email",
    52: "robert@example.com|email",
    53: "robert@example.com|email",
    54: "robert@example.com|email",
    61: "kim@example.com|email",
    71: "jane@example.com|email",
    81: None,
}
#: ... and for identity_resolution='' (any IdentityContext: the first one of each event)
IDENTITY_ANY_EXPECTED = {**IDENTITY_EMAIL_EXPECTED, 61: "555-1234|phone", 81: "555-9999|phone"}

# ---------------------------------------------------------------------------------------------
# location stacks and global contexts (nice_name, feature_stack, navigation_features, ...)
STACKS = {
    # event number -> stack
    101: [ROOT, NAV, SIGN_UP],
    102: [ROOT],
    103: [],
    104: [ROOT, ctx("ContentContext", "main"), ctx("MediaPlayerContext", "demo-video")],
    105: [
        ROOT,
        ctx("NavigationContext", "left"),
        ctx("OverlayContext", "menu"),
        ctx("NavigationContext", "inner"),
        ctx("LinkContext", "x", href="/x"),
    ],
    106: [
        ctx("RootLocationContext", "docs"),
        ctx("ExpandableContext", "faq-1"),
        ctx("InputContext", "email-address"),
    ],
}
STACK_CONTEXTS = {
    101: [ctx("HttpContext", "http_context", referrer="https://a.example/", user_agent="UA 1")],
    102: [
        ctx("MarketingContext", "utm", source="newsletter", medium="email", campaign="jan"),
        ctx("MarketingContext", "utm-2", source="second", medium="x", campaign="y"),
    ],
    103: [],
    104: [ctx("HttpContext", "http_context", referrer="", user_agent="UA 4")],
    105: [],
    106: [],
}
STACK_EVENTS = [
    event(
        n,
        10 * i,
        21,
        event_type="PressEvent",
        stack=STACKS[n],
        contexts=STACK_CONTEXTS[n],
        app="docs" if n == 106 else "website",
    )
    for i, n in enumerate(STACKS)
]

# ---------------------------------------------------------------------------------------------
# conversions (conversion = PressEvent on a stack with LinkContext 'sign-up'), one session a
# cookie except cookie 33's late bounce (e12, 2 h later)
#
# cookie 31: e1 @0, e2 @10, e3 @20 sign-up, e4 @30, e5 @40 sign-up (a second conversion)
# cookie 32: e6 @0 sign-up (the first event converts), e7 @10
# cookie 33: e8 @0, e9 @10, e10 @20 press on another link, e11 @30 VisibleEvent on the sign-up
#            link (right stack, wrong event type), e12 @7230 (new session, one event)
OTHER_LINK = [ROOT, NAV, ctx("LinkContext", "docs", href="/docs")]
CONVERSION_EVENTS = [
    event(1, 0, 31),
    event(2, 10, 31),
    event(3, 20, 31, event_type="PressEvent", stack=[ROOT, NAV, SIGN_UP]),
    event(4, 30, 31),
    event(5, 40, 31, event_type="PressEvent", stack=[ROOT, NAV, SIGN_UP]),
    event(6, 0, 32, event_type="PressEvent", stack=[ROOT, NAV, SIGN_UP]),
    event(7, 10, 32),
    event(8, 0, 33),
    event(9, 10, 33),
    event(10, 20, 33, event_type="PressEvent", stack=OTHER_LINK),
    event(11, 30, 33, event_type="VisibleEvent", stack=[ROOT, NAV, SIGN_UP]),
    event(12, 7230, 33),
]
CONVERSION_EXPECTED = {
    # n: (is_conversion_event, conversions_in_time, converted, pre_conversion_hit_number)
    1: (False, 0, 2, 2),
    2: (False, 0, 2, 1),
    3: (True, 1, 2, None),
    4: (False, 1, 2, None),
    5: (True, 2, 2, None),
    6: (True, 1, 1, None),
    7: (False, 1, 1, None),
    8: (False, 0, 0, None),
    9: (False, 0, 0, None),
    10: (False, 0, 0, None),
    11: (False, 0, 0, None),
    12: (False, 0, 0, None),
}
