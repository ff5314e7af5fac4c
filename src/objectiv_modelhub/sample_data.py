"""Deterministic generator of realistic Objectiv events.

The output is the native Objectiv table (the collector's ``data`` table), one row per event:

==========  ===========================  ==========================================
column      pandas dtype                 content
==========  ===========================  ==========================================
event_id    object (``uuid.UUID``)       the event's id (UUID v4, drawn from the seed)
day         object (``datetime.date``)   ``moment.date()``
moment      ``datetime64[us]``           naive UTC, millisecond precision
cookie_id   object (``uuid.UUID``)       the user's cookie id
value       ``str``                      the event JSON text (compact separators)
==========  ===========================  ==========================================

Rows are sorted by ``moment, event_id``. Unlike the 2022 test data the JSON agrees with the
columns: ``value["id"] == str(event_id)``, ``value["time"]`` is ``moment`` in epoch milliseconds
and the CookieIdContext's ``cookie_id == str(cookie_id)``.

Each event follows taxonomy 0.0.4: ``_type``, ``_types`` (the sorted list of all ancestor types),
``id``, ``time``, a ``location_stack`` drawn from a small site map and ``global_contexts``. Every
context carries ``_type``, ``id`` and hydrated ``_types``.

* Two applications, ``objectiv-website`` and ``objectiv-docs``, each with a few pages. A stack
  starts with the page's RootLocationContext and goes down through Navigation, Content, Overlay,
  Expandable, MediaPlayer, Input, Pressable and Link contexts. The event type fits the end of the
  stack: PressEvent on a Pressable/LinkContext, InputChangeEvent on an InputContext, Media*Event on
  a MediaPlayerContext, Visible/HiddenEvent on content and overlays, Success/FailureEvent (with
  ``message``) on forms, ApplicationLoadedEvent on the bare root as the first event of a visit.
* Global contexts, in this order: ApplicationContext, PathContext (the page URL), HttpContext
  (referrer, user_agent, remote_address), CookieIdContext, MarketingContext (UTM source, medium,
  campaign; on every event of some users' first visit), IdentityContext (``id='email'``; for a
  share of users, from one of their visits onwards; some users have a second one with
  ``id='phone'``; some e-mail addresses are shared by two cookies, i.e. one person on two
  devices) and SessionContext (the tracker's visit number and ``hit_number``).

Behaviour, meant to exercise sessionization and identity resolution (see the model hub's
``SessionizedDataPipeline``, 1800 s gap):

* users arrive over ``[start, start + days)``, skewed towards the end of the range;
* heavy-tailed activity: Pareto-distributed events per user, log-normal visit sizes;
* visits of one user are separated by at least 45 minutes (typically about a day);
* within a visit gaps are mostly seconds (log-logistic), but a deliberate share is 0 ms (ties on
  ``moment`` within a cookie), exactly 1800 s, or uniform in [1790 s, 1810 s];
* a share of users converts once: :data:`CONVERSION_EVENT`, a PressEvent on the LinkContext
  ``sign-up`` in the top navigation.

Knobs are the arguments of :func:`generate_events`: ``n_events`` (exact row count), ``seed``,
``start``, ``days`` and ``n_users`` (default ``n_events // 20``). Moments stay inside the range
unless one user's activity cannot fit in it (only with very few ``days`` and heavy users).

Determinism and chunking: user and visit attributes (a few numbers per visit) are drawn up front
with a :class:`numpy.random.Generator` seeded from ``seed``. Every per-event draw (gaps, pages,
actions, event ids) is a counter-based hash of ``(seed, stream, event number)``, so an event does
not depend on which chunk computes it. :func:`iter_event_chunks` walks the visits in time order
and emits an event once no later visit can precede it; its chunks concatenate to exactly
:func:`generate_events`'s frame. Memory is the per-visit plan plus about two chunks of events.

Examples
--------
>>> import json
>>> from objectiv_modelhub.sample_data import generate_events
>>> df = generate_events(1_000, seed=42)
>>> len(df), list(df.columns)
(1000, ['event_id', 'day', 'moment', 'cookie_id', 'value'])
>>> event = json.loads(df.value.iloc[0])
>>> event['id'] == str(df.event_id.iloc[0])
True
>>> event['location_stack'][0]['_type']
'RootLocationContext'
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

__all__ = [
    "COLUMNS",
    "CONVERSION_EVENT",
    "EVENT_TYPES",
    "generate_events",
    "hydrated_types",
    "iter_event_chunks",
]

#: Column names of the native Objectiv table, in order.
COLUMNS = ("event_id", "day", "moment", "cookie_id", "value")

#: The conversion every converting user performs exactly once. ``location_stack`` is the
#: fragment to match (``{'_type', 'id'}`` of the deepest contexts), ``location_stack_full``
#: the stack below the RootLocationContext (whose id is the page). Do not mutate.
CONVERSION_EVENT: dict[str, Any] = {
    "name": "sign_up",
    "event_type": "PressEvent",
    "location_stack": [{"_type": "LinkContext", "id": "sign-up"}],
    "location_stack_full": [
        {"_type": "NavigationContext", "id": "navbar-top"},
        {"_type": "LinkContext", "id": "sign-up", "href": "/sign-up"},
    ],
}

# --------------------------------------------------------------------------------------------
# Taxonomy (base_schema 0.0.4): each type and its direct parents.
# --------------------------------------------------------------------------------------------

_PARENTS: dict[str, tuple[str, ...]] = {
    "AbstractEvent": (),
    "InteractiveEvent": ("AbstractEvent",),
    "NonInteractiveEvent": ("AbstractEvent",),
    "PressEvent": ("InteractiveEvent",),
    "InputChangeEvent": ("InteractiveEvent",),
    "ApplicationLoadedEvent": ("NonInteractiveEvent",),
    "SuccessEvent": ("NonInteractiveEvent",),
    "FailureEvent": ("NonInteractiveEvent",),
    "VisibleEvent": ("NonInteractiveEvent",),
    "HiddenEvent": ("NonInteractiveEvent",),
    "MediaEvent": ("NonInteractiveEvent",),
    "MediaLoadEvent": ("MediaEvent",),
    "MediaStartEvent": ("MediaEvent",),
    "MediaPauseEvent": ("MediaEvent",),
    "MediaStopEvent": ("MediaEvent",),
    "AbstractContext": (),
    "AbstractLocationContext": ("AbstractContext",),
    "AbstractGlobalContext": ("AbstractContext",),
    "RootLocationContext": ("AbstractLocationContext",),
    "NavigationContext": ("AbstractLocationContext",),
    "ContentContext": ("AbstractLocationContext",),
    "OverlayContext": ("AbstractLocationContext",),
    "ExpandableContext": ("AbstractLocationContext",),
    "MediaPlayerContext": ("AbstractLocationContext",),
    "InputContext": ("AbstractLocationContext",),
    "PressableContext": ("AbstractLocationContext",),
    "LinkContext": ("PressableContext",),
    "ApplicationContext": ("AbstractGlobalContext",),
    "CookieIdContext": ("AbstractGlobalContext",),
    "HttpContext": ("AbstractGlobalContext",),
    "PathContext": ("AbstractGlobalContext",),
    "SessionContext": ("AbstractGlobalContext",),
    "MarketingContext": ("AbstractGlobalContext",),
    "IdentityContext": ("AbstractGlobalContext",),
}

#: The concrete event types the generator emits.
EVENT_TYPES = (
    "ApplicationLoadedEvent",
    "PressEvent",
    "InputChangeEvent",
    "VisibleEvent",
    "HiddenEvent",
    "SuccessEvent",
    "FailureEvent",
    "MediaLoadEvent",
    "MediaStartEvent",
    "MediaPauseEvent",
    "MediaStopEvent",
)


def hydrated_types(type_name: str) -> list[str]:
    """Return the sorted list of ``type_name`` and all its ancestors (the ``_types`` field).

    Parameters
    ----------
    type_name : str
        An event or context type of the taxonomy, e.g. ``'LinkContext'``.

    Returns
    -------
    list of str

    Examples
    --------
    >>> hydrated_types('LinkContext')
    ['AbstractContext', 'AbstractLocationContext', 'LinkContext', 'PressableContext']
    """
    if type_name not in _PARENTS:
        msg = f"unknown taxonomy type {type_name!r}; known types: {sorted(_PARENTS)}"
        raise ValueError(msg)
    seen = {type_name}
    todo = [type_name]
    while todo:
        for parent in _PARENTS[todo.pop()]:
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return sorted(seen)


def _dumps(obj: Any) -> str:
    """Compact JSON text, the format of the ``value`` column."""
    return json.dumps(obj, separators=(",", ":"))


def _context(type_name: str, id_: str, **fields: Any) -> dict[str, Any]:
    """A hydrated context dict: ``_type``, ``id``, extra fields, ``_types``."""
    return {"_type": type_name, "id": id_, **fields, "_types": hydrated_types(type_name)}


# --------------------------------------------------------------------------------------------
# Site map: applications, pages, and the elements (stack below the root + event weights).
# --------------------------------------------------------------------------------------------

_Loc = tuple[str, str, dict[str, str]]


@dataclass(frozen=True)
class _Element:
    """A location below the page root and the events that happen there, with weights."""

    stack: tuple[_Loc, ...]
    events: tuple[tuple[str, float, str | None], ...]  # (event type, weight, message)


def _el(stack: Sequence[_Loc], *events: tuple) -> _Element:
    return _Element(tuple(stack), tuple((e[0], e[1], e[2] if len(e) > 2 else None) for e in events))


def _loc(type_name: str, id_: str) -> _Loc:
    return (type_name, id_, {})


def _link(id_: str, href: str) -> _Loc:
    return ("LinkContext", id_, {"href": href})


_NAV_TOP = _loc("NavigationContext", "navbar-top")
_CONVERSION_STACK: tuple[_Loc, ...] = tuple(
    (c["_type"], c["id"], {k: v for k, v in c.items() if k not in ("_type", "id")})
    for c in CONVERSION_EVENT["location_stack_full"]
)
_PRESS = ("PressEvent", 1.0)


def _media(player: tuple[_Loc, ...], weight: float) -> _Element:
    return _el(
        player,
        ("MediaLoadEvent", weight),
        ("MediaStartEvent", 0.9 * weight),
        ("MediaPauseEvent", 0.5 * weight),
        ("MediaStopEvent", 0.3 * weight),
    )


def _form(area: _Loc, inputs: Sequence[str], submit: str, ok: str, error: str) -> list[_Element]:
    """Input fields, a submit button and the success/failure outcome of a form."""
    elements = [_el([area, _loc("InputContext", i)], ("InputChangeEvent", 1.0)) for i in inputs]
    elements.append(_el([area, _loc("PressableContext", submit)], ("PressEvent", 0.8)))
    elements.append(_el([area], ("SuccessEvent", 0.5, ok), ("FailureEvent", 0.15, error)))
    return elements


@dataclass(frozen=True)
class _App:
    app_id: str
    base_url: str
    weight: float
    shared: tuple[_Element, ...]
    pages: tuple[
        tuple[str, str, float, tuple[_Element, ...]], ...
    ]  # (root id, path, weight, elements)


def _website() -> _App:
    nav = [
        _el([_NAV_TOP, _link("logo", "/")], ("PressEvent", 2.0)),
        *(
            _el([_NAV_TOP, _link(i, h)], _PRESS)
            for i, h in [
                ("about", "/about"),
                ("blog", "/blog/"),
                ("pricing", "/pricing"),
                ("docs", "https://objectiv.io/docs/"),
                ("github", "https://github.com/objectiv/objectiv-analytics"),
            ]
        ),
        _el(
            [_NAV_TOP, _loc("OverlayContext", "hamburger-menu")],
            ("VisibleEvent", 0.6),
            ("HiddenEvent", 0.5),
        ),
        *(
            _el(
                [_NAV_TOP, _loc("OverlayContext", "hamburger-menu"), _link(i, h)],
                ("PressEvent", 0.3),
            )
            for i, h in [("about", "/about"), ("blog", "/blog/"), ("jobs", "/jobs")]
        ),
        *(
            _el([_loc("NavigationContext", "footer"), _link(i, h)], ("PressEvent", 0.2))
            for i, h in [
                ("privacy", "/privacy/"),
                ("jobs", "/jobs"),
                ("twitter", "https://twitter.com/objectiv_io"),
            ]
        ),
        _el([_loc("OverlayContext", "cookie-banner")], ("VisibleEvent", 0.8), ("HiddenEvent", 0.6)),
        _el(
            [_loc("OverlayContext", "cookie-banner"), _loc("PressableContext", "accept-all")],
            ("PressEvent", 0.6),
        ),
    ]
    hero = _loc("ContentContext", "hero")
    faq = _loc("ContentContext", "faq")
    newsletter = _loc("ContentContext", "newsletter")
    home = [
        _el([hero], ("VisibleEvent", 2.0)),
        _el([hero, _loc("PressableContext", "cta-watch-demo")], ("PressEvent", 1.2)),
        _media((hero, _loc("MediaPlayerContext", "demo-video")), 1.0),
        *_form(
            newsletter,
            ["email-address"],
            "subscribe",
            "newsletter subscribed",
            "invalid email address",
        ),
        *(
            _el([faq, _loc("ExpandableContext", q)], ("VisibleEvent", 0.4), ("HiddenEvent", 0.2))
            for q in ("faq-what-is-objectiv", "faq-open-source", "faq-self-hosting")
        ),
        *(
            _el(
                [faq, _loc("ExpandableContext", q), _loc("PressableContext", "toggle")],
                ("PressEvent", 0.4),
            )
            for q in ("faq-what-is-objectiv", "faq-open-source", "faq-self-hosting")
        ),
    ]
    posts = ("release-0-0-28", "modeling-funnels", "why-a-taxonomy")
    blog = [
        *(
            _el([_loc("ContentContext", "post-list"), _link(f"post-{p}", f"/blog/{p}")], _PRESS)
            for p in posts
        ),
        _el([_loc("ContentContext", "post")], ("VisibleEvent", 1.0)),
        _media((_loc("ContentContext", "post"), _loc("MediaPlayerContext", "post-video")), 0.4),
        *_form(
            _loc("ContentContext", "comments"),
            ["comment"],
            "post-comment",
            "comment posted",
            "comment rejected",
        ),
    ]
    table = _loc("ContentContext", "pricing-table")
    contact = _loc("OverlayContext", "contact-form")
    pricing = [
        *(
            _el([table, _loc("ExpandableContext", f"plan-{p}")], ("VisibleEvent", 0.5))
            for p in ("cloud", "self-hosted")
        ),
        *(
            _el(
                [
                    table,
                    _loc("ExpandableContext", f"plan-{p}"),
                    _loc("PressableContext", "select-plan"),
                ],
                _PRESS,
            )
            for p in ("cloud", "self-hosted")
        ),
        _el([table, _link("contact-sales", "/pricing#contact")], ("PressEvent", 0.6)),
        _el([contact], ("VisibleEvent", 0.5), ("HiddenEvent", 0.4)),
        *_form(contact, ["name", "email"], "send", "message sent", "server error"),
    ]
    about = [
        _el([_loc("ContentContext", "team")], ("VisibleEvent", 1.0)),
        _el(
            [
                _loc("ContentContext", "team"),
                _link("linkedin", "https://www.linkedin.com/company/objectiv"),
            ],
            _PRESS,
        ),
    ]
    jobs = [
        _el([_loc("ContentContext", "open-positions")], ("VisibleEvent", 1.0)),
        *(
            _el([_loc("ContentContext", "open-positions"), _link(f"job-{j}", f"/jobs/{j}")], _PRESS)
            for j in ("data-engineer", "frontend-developer")
        ),
    ]
    return _App(
        "objectiv-website",
        "https://objectiv.io",
        0.6,
        tuple(nav),
        (
            ("home", "/", 5.0, tuple(home)),
            ("blog", "/blog/", 2.0, tuple(blog)),
            ("pricing", "/pricing", 1.5, tuple(pricing)),
            ("about", "/about", 1.0, tuple(about)),
            ("jobs", "/jobs", 0.5, tuple(jobs)),
        ),
    )


def _docs() -> _App:
    sidebar = _loc("NavigationContext", "docs-sidebar")
    search = _loc("OverlayContext", "search-results")
    sections = {
        "tracking": ("browser", "react", "angular"),
        "modeling": ("bach", "open-model-hub"),
        "taxonomy": ("events", "contexts"),
    }
    shared = [
        _el([_NAV_TOP, _link("logo", "/docs/")], _PRESS),
        _el(
            [_NAV_TOP, _link("github", "https://github.com/objectiv/objectiv-analytics")],
            ("PressEvent", 0.6),
        ),
        _el([_NAV_TOP, _loc("InputContext", "search")], ("InputChangeEvent", 1.5)),
        _el([_NAV_TOP, search], ("VisibleEvent", 0.8), ("HiddenEvent", 0.6)),
        *(
            _el(
                [_NAV_TOP, search, _link(f"result-{n}", f"/docs/search?result={n}")],
                ("PressEvent", 0.4),
            )
            for n in (1, 2, 3)
        ),
        *(
            _el(
                [sidebar, _loc("ExpandableContext", s)], ("VisibleEvent", 0.5), ("HiddenEvent", 0.3)
            )
            for s in sections
        ),
        *(
            _el(
                [sidebar, _loc("ExpandableContext", s), _link(p, f"/docs/{s}/{p}")],
                ("PressEvent", 0.5),
            )
            for s, pages in sections.items()
            for p in pages
        ),
    ]
    content = _loc("ContentContext", "docs-content")
    code = _loc("ExpandableContext", "code-example")

    def page(extra: Sequence[_Element]) -> tuple[_Element, ...]:
        return (
            _el([content], ("VisibleEvent", 1.0)),
            _el([content, _link("next-page", "#next")], _PRESS),
            _el([content, code], ("VisibleEvent", 0.5), ("HiddenEvent", 0.2)),
            _el([content, code, _loc("PressableContext", "copy-code")], ("PressEvent", 0.7)),
            *extra,
        )

    feedback = _form(
        _loc("ContentContext", "feedback"),
        ["feedback-text"],
        "send-feedback",
        "feedback sent",
        "feedback failed",
    )
    return _App(
        "objectiv-docs",
        "https://objectiv.io/docs",
        0.4,
        tuple(shared),
        (
            (
                "home",
                "/",
                3.0,
                page([_media((content, _loc("MediaPlayerContext", "intro-video")), 0.6)]),
            ),
            ("tracking", "/tracking/", 2.0, page(feedback)),
            (
                "modeling",
                "/modeling/",
                2.0,
                page([_media((content, _loc("MediaPlayerContext", "bach-demo")), 0.4)]),
            ),
            ("taxonomy", "/taxonomy/", 1.0, page(feedback)),
        ),
    )


_USER_AGENTS = (
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/108.0.0.0 Safari/537.36",
        0.35,
    ),
    (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/108.0.0.0 Safari/537.36",
        0.2,
    ),
    (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/16.1 Safari/605.1.15",
        0.1,
    ),
    ("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:107.0) Gecko/20100101 Firefox/107.0", 0.1),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 16_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/16.1 Mobile/15E148 Safari/604.1",
        0.15,
    ),
    (
        "Mozilla/5.0 (Linux; Android 12; Pixel 4a) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/108.0.0.0 Mobile Safari/537.36",
        0.1,
    ),
)
_REFERRERS = (
    ("", 0.45),
    ("https://www.google.com/", 0.25),
    ("https://duckduckgo.com/", 0.05),
    ("https://github.com/objectiv/objectiv-analytics", 0.1),
    ("https://news.ycombinator.com/", 0.05),
    ("https://www.linkedin.com/", 0.05),
    ("https://t.co/", 0.05),
)
# (MarketingContext fields, referrer of the landing visit, weight)
_CAMPAIGNS = (
    (
        {
            "source": "google",
            "medium": "cpc",
            "campaign": "product-analytics",
            "term": "product analytics",
        },
        "https://www.google.com/",
        0.35,
    ),
    ({"source": "newsletter", "medium": "email", "campaign": "monthly-update"}, "", 0.25),
    (
        {"source": "linkedin", "medium": "social", "campaign": "launch-week"},
        "https://www.linkedin.com/",
        0.2,
    ),
    ({"source": "twitter", "medium": "social", "campaign": "launch-week"}, "https://t.co/", 0.1),
    (
        {
            "source": "reddit",
            "medium": "social",
            "campaign": "open-source",
            "content": "r-analytics",
        },
        "https://www.reddit.com/",
        0.1,
    ),
)
_FIRST_NAMES = (
    "anna bram chloe daan emma finn grace hugo iris jan kim lars mila noah olivia".split()
)
_LAST_NAMES = (
    "jansen devries smit bakker visser mulder meijer bos peters hendriks dekker smith".split()
)

# Behaviour knobs (probabilities per event / user / visit).
_P_TIE = 0.02  # gap of 0 ms: equal moments within a cookie
_P_EXACT_BOUNDARY = 0.002  # gap of exactly 1800 s
_P_NEAR_BOUNDARY = 0.012  # gap uniform in [1790 s, 1810 s]
_P_PAGE_CHANGE = 0.25
_P_CONVERT = 0.15
_P_IDENTIFIED = 0.2  # besides converting users, who always identify
_P_SHARED_PERSON = 0.2  # identified cookie that belongs to the person of another cookie
_P_SECOND_IDENTITY = 0.2
_P_MARKETING = 0.3
_P_OTHER_APP = 0.15
_MIN_VISIT_GAP_MS = 45 * 60 * 1000
_DAY_MS = 86_400_000


# --------------------------------------------------------------------------------------------
# Catalog: the site map flattened into arrays of "actions" (page, event type, stack).
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Catalog:
    """Pages and actions as arrays, plus prebuilt JSON fragments per action.

    An action is (page, location stack, event type, message). Its JSON is split around the
    per-event parts: ``head[a] + event_id + '","time":' + ms + tail[a] + <visit part>``.
    """

    app_ids: tuple[str, ...]
    app_weight: np.ndarray  # float, per app
    page_app: np.ndarray  # int, per page (pages are app-major)
    page_cum: np.ndarray  # cumulative page weights
    app_first_page: np.ndarray  # per app
    app_last_page: np.ndarray  # per app
    page_loaded: np.ndarray  # action index of the ApplicationLoadedEvent on the bare root
    page_conversion: np.ndarray  # action index of CONVERSION_EVENT on this page
    pool_cum: np.ndarray  # cumulative weights of the regular actions (page-major)
    pool_action: np.ndarray  # action index per pool entry
    pool_first: np.ndarray  # per page: first pool entry
    pool_last: np.ndarray  # per page: last pool entry
    head: tuple[str, ...]
    tail: tuple[str, ...]


def _build_catalog(apps: Sequence[_App]) -> _Catalog:
    page_app: list[int] = []
    page_weight: list[float] = []
    page_loaded: list[int] = []
    page_conversion: list[int] = []
    pool_weight: list[float] = []
    pool_action: list[int] = []
    pool_first: list[int] = []
    pool_last: list[int] = []
    head: list[str] = []
    tail: list[str] = []

    def add_action(
        app: _App, root: dict, url: str, locs: Sequence[_Loc], event: str, msg: str | None
    ) -> int:
        stack = (root, *(_context(t, i, **f) for t, i, f in locs))
        text = '{"_type":' + _dumps(event) + ',"_types":' + _dumps(hydrated_types(event))
        if msg is not None:
            text += ',"message":' + _dumps(msg)
        head.append(text + ',"id":"')
        app_json = _dumps(_context("ApplicationContext", app.app_id))
        path_json = _dumps(_context("PathContext", url))
        tail.append(
            ',"location_stack":'
            + _dumps(list(stack))
            + ',"global_contexts":['
            + app_json
            + ","
            + path_json
            + ","
        )
        return len(head) - 1

    for app_index, app in enumerate(apps):
        for root_id, path, weight, elements in app.pages:
            root = _context("RootLocationContext", root_id)
            url = app.base_url + path
            page_app.append(app_index)
            page_weight.append(weight)
            page_loaded.append(add_action(app, root, url, (), "ApplicationLoadedEvent", None))
            page_conversion.append(
                add_action(app, root, url, _CONVERSION_STACK, CONVERSION_EVENT["event_type"], None)
            )
            pool_first.append(len(pool_action))
            for element in (*app.shared, *elements):
                for event, event_weight, msg in element.events:
                    pool_action.append(add_action(app, root, url, element.stack, event, msg))
                    pool_weight.append(event_weight)
            pool_last.append(len(pool_action) - 1)
    return _Catalog(
        app_ids=tuple(a.app_id for a in apps),
        app_weight=np.array([a.weight for a in apps]),
        page_app=np.array(page_app),
        page_cum=np.cumsum(page_weight),
        app_first_page=np.searchsorted(page_app, np.arange(len(apps)), side="left"),
        app_last_page=np.searchsorted(page_app, np.arange(len(apps)), side="right") - 1,
        page_loaded=np.array(page_loaded),
        page_conversion=np.array(page_conversion),
        pool_cum=np.cumsum(pool_weight),
        pool_action=np.array(pool_action),
        pool_first=np.array(pool_first),
        pool_last=np.array(pool_last),
        head=tuple(head),
        tail=tuple(tail),
    )


_CATALOG = _build_catalog((_website(), _docs()))


# --------------------------------------------------------------------------------------------
# Counter-based random numbers: a value is a hash of (seed, stream, counter).
# --------------------------------------------------------------------------------------------

_STREAMS = ("gap_kind", "gap_size", "page_change", "page", "action", "id_hi", "id_lo")
_U64 = np.uint64


def _mix64(x: np.ndarray) -> np.ndarray:
    """The splitmix64 finalizer: a bijective avalanche mix of uint64 values (wraps mod 2**64)."""
    x = x ^ (x >> _U64(30))
    x *= _U64(0xBF58476D1CE4E5B9)
    x ^= x >> _U64(27)
    x *= _U64(0x94D049BB133111EB)
    x ^= x >> _U64(31)
    return x


class _Streams:
    """Independent pseudo-random streams indexed by a counter (here: the event's number).

    ``bits(name, counter)`` is a bijective function of the counter per stream, keyed by two
    64-bit words drawn from the seed, so the value for an event is the same whichever batch
    computes it.
    """

    def __init__(self, seed_seq: np.random.SeedSequence) -> None:
        keys = seed_seq.generate_state(2 * len(_STREAMS), dtype=np.uint64).reshape(-1, 2)
        self._keys = {name: (keys[i, 0], keys[i, 1]) for i, name in enumerate(_STREAMS)}

    def bits(self, name: str, counter: np.ndarray) -> np.ndarray:
        k0, k1 = self._keys[name]
        return _mix64(_mix64(counter.astype(np.uint64) ^ k0) + k1)

    def uniform(self, name: str, counter: np.ndarray) -> np.ndarray:
        """Floats in [0, 1) with 53 random bits."""
        return (self.bits(name, counter) >> _U64(11)).astype(np.float64) * 2.0**-53


def _pick(cum: np.ndarray, first: np.ndarray, last: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Weighted choice in the segments ``cum[first..last]`` of a cumulative weight array.

    Parameters
    ----------
    cum : ndarray of float
        Cumulative weights over all segments.
    first, last : ndarray of int
        Per draw, the first and last index of its segment.
    u : ndarray of float
        Uniform numbers in [0, 1), one per draw.
    """
    low = np.where(first > 0, cum[np.maximum(first - 1, 0)], 0.0)
    target = low + u * (cum[last] - low)
    return np.clip(np.searchsorted(cum, target, side="right"), first, last)


def _gaps_ms(streams: _Streams, ordinal: np.ndarray, index_in_visit: np.ndarray) -> np.ndarray:
    """Milliseconds between an event and the previous one of its visit (0 for a visit's first)."""
    kind = streams.uniform("gap_kind", ordinal)
    size = streams.uniform("gap_size", ordinal)
    # Log-logistic: median 8 s, heavy right tail, clipped below the session boundary region.
    short = np.clip(8000.0 * (size / (1.0 - size)) ** (1 / 1.6), 50.0, 1_500_000.0)
    near = 1_790_000.0 + np.floor(size * 20_001)
    gaps = np.select(
        [
            kind < _P_TIE,
            kind < _P_TIE + _P_EXACT_BOUNDARY,
            kind < _P_TIE + _P_EXACT_BOUNDARY + _P_NEAR_BOUNDARY,
        ],
        [0.0, 1_800_000.0, near],
        short,
    ).astype(np.int64)
    gaps[index_in_visit == 0] = 0
    return gaps


# --------------------------------------------------------------------------------------------
# Plan: users and visits (a few numbers each), drawn up front with a numpy Generator.
# --------------------------------------------------------------------------------------------


@dataclass
class _Plan:
    """Everything per user and per visit; events are derived from it batch by batch."""

    streams: _Streams
    base_ms: int  # epoch ms of ``start``
    # per user
    cookie: np.ndarray  # object array of uuid.UUID
    cookie_json: list[str]  # the CookieIdContext JSON
    agent: np.ndarray
    address: list[str]
    identity_json: list[str]  # '' or the IdentityContext(s) JSON followed by ','
    identify_from: np.ndarray  # first visit number carrying the identity (large: never)
    # per visit (user-major order)
    visit_user: np.ndarray
    visit_number: np.ndarray  # 0-based within the user
    visit_size: np.ndarray
    visit_offset: np.ndarray  # ordinal of the visit's first event
    visit_start: np.ndarray  # ms since ``start``
    visit_app: np.ndarray
    visit_landing: np.ndarray  # page
    visit_referrer: np.ndarray
    visit_campaign: np.ndarray  # -1: no MarketingContext
    visit_conversion: np.ndarray  # index in visit of the conversion event, -1: none
    time_order: np.ndarray  # visits sorted by start


def _allocate(totals: np.ndarray, weights: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Split each group's integer total over its members in proportion to ``weights``.

    Cumulative rounding: member ``k`` of a group gets ``floor(W_k * total) - floor(W_{k-1} *
    total)`` with ``W`` the normalized running weight, so the parts are non-negative integers
    that sum exactly to the total. ``group`` (per member) must be sorted, every group non-empty
    and every group's weights must not all be zero.
    """
    n_groups = len(totals)
    first = _segment_first(group, n_groups)
    running = np.cumsum(weights)
    offset = (running - weights)[first][group]
    wsum = np.bincount(group, weights, minlength=n_groups)[group]
    upto = np.floor((running - offset) / wsum * totals[group]).astype(np.int64)
    upto = np.minimum(upto, totals[group])
    is_last = np.append(group[1:] != group[:-1], True)
    upto[is_last] = totals[group[is_last]]
    before = np.concatenate([[0], upto[:-1]])
    before[first] = 0
    return upto - before


def _segment_first(group: np.ndarray, n_groups: int) -> np.ndarray:
    """Index of each group's first member (``group`` sorted, every group non-empty)."""
    return np.searchsorted(group, np.arange(n_groups), side="left")


def _visit_durations(streams: _Streams, sizes: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Sum of the in-visit gaps per visit, computed in bounded batches."""
    durations = np.empty(len(sizes), dtype=np.int64)
    ends = np.cumsum(sizes)
    batch_events = 2_000_000
    lo = 0
    while lo < len(sizes):
        hi = max(
            lo + 1, int(np.searchsorted(ends, ends[lo] - sizes[lo] + batch_events, side="right"))
        )
        ordinal, index = _expand(sizes[lo:hi], offsets[lo:hi])
        gaps = _gaps_ms(streams, ordinal, index)
        durations[lo:hi] = np.add.reduceat(gaps, np.cumsum(sizes[lo:hi]) - sizes[lo:hi])
        lo = hi
    return durations


def _expand(sizes: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per event of the given visits: its global ordinal and its index within the visit."""
    starts = np.cumsum(sizes) - sizes
    index = np.arange(int(sizes.sum()), dtype=np.int64) - np.repeat(starts, sizes)
    return np.repeat(offsets, sizes) + index, index


def _schedule(
    rng: np.random.Generator, user: np.ndarray, durations: np.ndarray, n_users: int, range_ms: int
) -> np.ndarray:
    """The start of every visit, in ms since ``start``.

    Visits follow each other with gaps of at least 45 minutes; a user arrives at a random time that leaves room for all of their visits (busy
    users arrive early), and only a user whose visits cannot fit at their natural pace has the
    gaps squeezed.
    """
    gap = np.maximum(rng.lognormal(np.log(1.2 * _DAY_MS), 1.0, len(user)), _MIN_VISIT_GAP_MS)
    first = _segment_first(user, n_users)
    is_last = np.append(user[1:] != user[:-1], True)
    gap[is_last] = 0.0
    busy = np.bincount(user, durations, minlength=n_users)
    idle = np.bincount(user, gap, minlength=n_users)
    room = range_ms - 1 - busy
    # squeeze only what each gap has above the minimum, so the squeezed visits fit exactly
    minimum = np.bincount(user, ~is_last, minlength=n_users) * _MIN_VISIT_GAP_MS
    excess = np.maximum(idle - minimum, 1.0)
    squeeze = np.where(idle > room, np.clip((room - minimum) / excess, 0.0, 1.0), 1.0)
    gap = np.where(is_last, 0.0, _MIN_VISIT_GAP_MS + (gap - _MIN_VISIT_GAP_MS) * squeeze[user])
    span = busy + np.bincount(user, gap, minlength=n_users)
    # skewed towards the end of the room each user has: a growing site
    arrival = np.maximum(range_ms - 1 - span, 0.0) * rng.random(n_users) ** 0.7
    step = durations + np.floor(gap).astype(np.int64)
    before = np.cumsum(step) - step
    return np.floor(arrival).astype(np.int64)[user] + before - before[first][user]


def _choose(
    rng: np.random.Generator, weights: Sequence[float] | np.ndarray, size: int
) -> np.ndarray:
    p = np.asarray(weights, dtype=np.float64)
    return rng.choice(len(p), size=size, p=p / p.sum())


def _conversions(
    rng: np.random.Generator, user: np.ndarray, sizes: np.ndarray, n_users: int
) -> np.ndarray:
    """Per visit, the index of its conversion event (-1 for none); at most one per user."""
    converts = rng.random(n_users) < _P_CONVERT
    key = rng.random(len(user))
    key[(sizes < 2) | ~converts[user]] = np.inf
    order = np.lexsort((key, user))
    first = order[_segment_first(user[order], n_users)]
    chosen = first[np.isfinite(key[first])]
    result = np.full(len(user), -1, dtype=np.int64)
    result[chosen] = 1 + np.floor(rng.random(len(chosen)) * (sizes[chosen] - 1)).astype(np.int64)
    return result


def _identities(
    rng: np.random.Generator,
    user: np.ndarray,
    number: np.ndarray,
    conversion: np.ndarray,
    n_users: int,
    visits_per_user: np.ndarray,
) -> tuple[list[str], np.ndarray]:
    """IdentityContext JSON per user and the first visit number that carries it."""
    converted = conversion >= 0
    identify_from = np.full(n_users, np.iinfo(np.int64).max, dtype=np.int64)
    random_from = np.floor(rng.random(n_users) * visits_per_user).astype(np.int64)
    identified = rng.random(n_users) < _P_IDENTIFIED
    identify_from[identified] = random_from[identified]
    identify_from[user[converted]] = number[converted]
    who = np.flatnonzero(identify_from < np.iinfo(np.int64).max)
    person = who.copy()
    shared = rng.random(len(who)) < _P_SHARED_PERSON
    if len(who) > 1:
        person[shared] = who[rng.integers(0, len(who), int(shared.sum()))]
    second = rng.random(len(who)) < _P_SECOND_IDENTITY
    types = _dumps(hydrated_types("IdentityContext"))
    texts = [""] * n_users
    for u, p, s in zip(who.tolist(), person.tolist(), second.tolist(), strict=True):
        name = f"{_FIRST_NAMES[p % len(_FIRST_NAMES)]}.{_LAST_NAMES[p // len(_FIRST_NAMES) % len(_LAST_NAMES)]}"
        text = (
            '{"_type":"IdentityContext","id":"email","value":"'
            + f'{name}{p}@example.com","_types":{types}}},'
        )
        if s:
            text += (
                '{"_type":"IdentityContext","id":"phone","value":"'
                + f'+316{p:08d}","_types":{types}}},'
            )
        texts[u] = text
    return texts, identify_from


def _cookies(rng: np.random.Generator, n_users: int) -> tuple[np.ndarray, list[str]]:
    raw = np.frombuffer(rng.bytes(16 * n_users), dtype=np.uint8).reshape(n_users, 16).copy()
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40  # version 4
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80  # RFC 4122 variant
    data = raw.tobytes()
    cookies = np.empty(n_users, dtype=object)
    cookies[:] = [uuid.UUID(bytes=data[i : i + 16]) for i in range(0, len(data), 16)]
    types = _dumps(hydrated_types("CookieIdContext"))
    texts = [
        f'{{"_type":"CookieIdContext","id":"{c}","cookie_id":"{c}","_types":{types}}},'
        for c in cookies
    ]
    return cookies, texts


def _make_plan(n_events: int, seed: int, start: date, days: int, n_users: int) -> _Plan:
    """Draw users and visits; every count and start time is fixed here."""
    plan_seq, event_seq = np.random.SeedSequence(seed).spawn(2)
    rng = np.random.Generator(np.random.PCG64(plan_seq))
    streams = _Streams(event_seq)
    catalog = _CATALOG
    # Events per user (Pareto), visits per user, events per visit (log-normal).
    activity = np.minimum(rng.pareto(1.1, n_users), 1000.0) + 1e-9
    per_user = 1 + _allocate(
        np.array([n_events - n_users]), activity, np.zeros(n_users, dtype=np.int64)
    )
    visit_size_hint = rng.lognormal(np.log(5.0), 0.7, n_users)
    n_visits = np.clip(
        np.rint(per_user / visit_size_hint), 1, np.minimum(per_user, 4 * days)
    ).astype(np.int64)
    user = np.repeat(np.arange(n_users), n_visits)
    number = np.arange(len(user)) - np.repeat(np.cumsum(n_visits) - n_visits, n_visits)
    sizes = 1 + _allocate(per_user - n_visits, rng.lognormal(0.0, 1.0, len(user)), user)
    offsets = np.cumsum(sizes) - sizes
    durations = _visit_durations(streams, sizes, offsets)
    starts = _schedule(rng, user, durations, n_users, days * _DAY_MS)
    # Where visits happen and how users got there.
    main_app = _choose(rng, catalog.app_weight, n_users)
    other = rng.random(len(user)) < _P_OTHER_APP
    app = np.where(other, (main_app[user] + 1) % len(catalog.app_ids), main_app[user])
    landing = _pick(
        catalog.page_cum,
        catalog.app_first_page[app],
        catalog.app_last_page[app],
        rng.random(len(user)),
    )
    referrer = _choose(rng, [w for _, w in _REFERRERS], len(user))
    campaign = np.where(
        rng.random(n_users) < _P_MARKETING, _choose(rng, [w for *_, w in _CAMPAIGNS], n_users), -1
    )
    visit_campaign = np.where(number == 0, campaign[user], -1)
    conversion = _conversions(rng, user, sizes, n_users)
    identity_json, identify_from = _identities(rng, user, number, conversion, n_users, n_visits)
    cookies, cookie_json = _cookies(rng, n_users)
    agent = _choose(rng, [w for _, w in _USER_AGENTS], n_users)
    octets = rng.integers(1, 255, size=(n_users, 4))
    address = [f"{a}.{b}.{c}.{d}" for a, b, c, d in octets.tolist()]
    start_ms = (start - date(1970, 1, 1)).days * _DAY_MS
    return _Plan(
        streams=streams,
        base_ms=start_ms,
        cookie=cookies,
        cookie_json=cookie_json,
        agent=agent,
        address=address,
        identity_json=identity_json,
        identify_from=identify_from,
        visit_user=user,
        visit_number=number,
        visit_size=sizes,
        visit_offset=offsets,
        visit_start=starts,
        visit_app=app,
        visit_landing=landing,
        visit_referrer=referrer,
        visit_campaign=visit_campaign,
        visit_conversion=conversion,
        time_order=np.lexsort((np.arange(len(user)), starts)),
    )


# --------------------------------------------------------------------------------------------
# Events: simulate a batch of visits into compact arrays, then render rows.
# --------------------------------------------------------------------------------------------


@dataclass
class _Events:
    """Events as parallel arrays (no strings yet)."""

    ms: np.ndarray  # epoch ms
    hi: np.ndarray  # event id, high 64 bits
    lo: np.ndarray  # event id, low 64 bits
    action: np.ndarray
    visit: np.ndarray
    hit: np.ndarray  # 1-based hit number within the visit

    @classmethod
    def empty(cls) -> _Events:
        i64, u64 = np.empty(0, np.int64), np.empty(0, np.uint64)
        return cls(i64, u64, u64, i64, i64, i64)

    def __len__(self) -> int:
        return len(self.ms)

    def take(self, index: np.ndarray | slice) -> _Events:
        return _Events(*(getattr(self, f)[index] for f in _EVENT_FIELDS))

    @staticmethod
    def concat(parts: Sequence[_Events]) -> _Events:
        if not parts:
            return _Events.empty()
        return _Events(*(np.concatenate([getattr(p, f) for p in parts]) for f in _EVENT_FIELDS))

    def sorted(self) -> _Events:
        """Order by moment, then event id (which is the order of the UUIDs)."""
        return self.take(np.lexsort((self.lo, self.hi, self.ms)))


_EVENT_FIELDS = ("ms", "hi", "lo", "action", "visit", "hit")


def _simulate(plan: _Plan, visits: np.ndarray) -> _Events:
    """All events of the given visits. Depends only on the plan and the event ordinals."""
    catalog, streams = _CATALOG, plan.streams
    sizes = plan.visit_size[visits]
    ordinal, index = _expand(sizes, plan.visit_offset[visits])
    visit = np.repeat(visits, sizes)
    gaps = _gaps_ms(streams, ordinal, index)
    elapsed = np.cumsum(gaps)
    elapsed -= np.repeat(elapsed[np.cumsum(sizes) - sizes], sizes)
    ms = plan.base_ms + plan.visit_start[visit] + elapsed
    # Page: the landing page, changed at some events, carried forward within the visit.
    app = plan.visit_app[visit]
    new_page = _pick(
        catalog.page_cum,
        catalog.app_first_page[app],
        catalog.app_last_page[app],
        streams.uniform("page", ordinal),
    )
    new_page[index == 0] = plan.visit_landing[visits]
    changed = (index == 0) | (streams.uniform("page_change", ordinal) < _P_PAGE_CHANGE)
    page = new_page[np.maximum.accumulate(np.where(changed, np.arange(len(index)), 0))]
    # Action: page load first, the conversion where planned, otherwise drawn from the page.
    pool = _pick(
        catalog.pool_cum,
        catalog.pool_first[page],
        catalog.pool_last[page],
        streams.uniform("action", ordinal),
    )
    action = catalog.pool_action[pool]
    action = np.where(index == plan.visit_conversion[visit], catalog.page_conversion[page], action)
    action = np.where(index == 0, catalog.page_loaded[page], action)
    hi = (streams.bits("id_hi", ordinal) & _U64(0xFFFF_FFFF_FFFF_0FFF)) | _U64(0x4000)
    lo = (streams.bits("id_lo", ordinal) & _U64(0x3FFF_FFFF_FFFF_FFFF)) | _U64(
        0x8000_0000_0000_0000
    )
    return _Events(ms, hi, lo, action, visit, index + 1)


def _id_bytes(events: _Events) -> np.ndarray:
    """The 16 big-endian bytes of each event id, shape (n, 16)."""
    both = np.empty((len(events), 2), dtype=">u8")
    both[:, 0] = events.hi
    both[:, 1] = events.lo
    return both.view(np.uint8).reshape(len(events), 16)


_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
_HEX_POSITIONS = np.array([i for i in range(36) if i not in (8, 13, 18, 23)])


def _uuid_strings(raw: np.ndarray) -> list[str]:
    """Canonical UUID text of each row of 16 bytes, vectorized."""
    digits = np.empty((len(raw), 32), dtype=np.uint8)
    digits[:, 0::2] = _HEX[raw >> 4]
    digits[:, 1::2] = _HEX[raw & 15]
    text = np.full((len(raw), 36), ord("-"), dtype=np.uint8)
    text[:, _HEX_POSITIONS] = digits
    return text.view("S36").ravel().astype("U36").tolist()


_HTTP_HEAD = '{"_type":"HttpContext","id":"http_context","referrer":'
_HTTP_REFERRERS = tuple(_HTTP_HEAD + _dumps(r) for r, _ in _REFERRERS)
_HTTP_CAMPAIGN_REFERRERS = tuple(_HTTP_HEAD + _dumps(r) for _, r, _ in _CAMPAIGNS)
_HTTP_AGENTS = tuple(',"user_agent":' + _dumps(a) + ',"remote_address":"' for a, _ in _USER_AGENTS)
_HTTP_TAIL = '","_types":' + _dumps(hydrated_types("HttpContext")) + "},"
_MARKETING = tuple(
    '{"_type":"MarketingContext","id":"utm",'
    + _dumps(fields)[1:-1]
    + ',"_types":'
    + _dumps(hydrated_types("MarketingContext"))
    + "},"
    for fields, _, _ in _CAMPAIGNS
)
_SESSION_HEAD = '{"_type":"SessionContext","id":"'
_SESSION_TAIL = '","_types":' + _dumps(hydrated_types("SessionContext")) + ',"hit_number":'


def _visit_parts(plan: _Plan, visits: np.ndarray) -> list[str]:
    """Per visit, the JSON of its global contexts after PathContext.

    Up to SessionContext's ``"hit_number":`` (Http, CookieId, Marketing, Identity, Session).
    """
    user = plan.visit_user[visits].tolist()
    rows = zip(
        user,
        plan.visit_number[visits].tolist(),
        plan.visit_campaign[visits].tolist(),
        plan.visit_referrer[visits].tolist(),
        strict=True,
    )
    parts = []
    for u, number, campaign, referrer in rows:
        text = _HTTP_REFERRERS[referrer] if campaign < 0 else _HTTP_CAMPAIGN_REFERRERS[campaign]
        text += _HTTP_AGENTS[plan.agent[u]] + plan.address[u] + _HTTP_TAIL + plan.cookie_json[u]
        if campaign >= 0:
            text += _MARKETING[campaign]
        if number >= plan.identify_from[u]:
            text += plan.identity_json[u]
        parts.append(text + _SESSION_HEAD + str(number + 1) + _SESSION_TAIL)
    return parts


def _arrow_strings(values: list[str]) -> pa.LargeStringArray:
    """An Arrow array of ASCII strings, built from one joined buffer.

    Much faster than converting string by string.
    """
    offsets = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, values), dtype=np.int64, count=len(values)), out=offsets[1:])
    data = "".join(values).encode("ascii")
    return pa.LargeStringArray.from_buffers(len(values), pa.py_buffer(offsets), pa.py_buffer(data))


_RENDER_BATCH = 65_536  # rows whose JSON text exists as Python strings at the same time


def _render(plan: _Plan, events: _Events, first_row: int) -> pd.DataFrame:
    """Build the native-table rows (sorted events in, DataFrame out)."""
    raw = _id_bytes(events)
    data = raw.tobytes()
    event_ids = np.empty(len(events), dtype=object)
    event_ids[:] = [uuid.UUID(bytes=data[i : i + 16]) for i in range(0, len(data), 16)]
    batches = [
        _json_values(plan, events.take(slice(i, i + _RENDER_BATCH)), raw[i : i + _RENDER_BATCH])
        for i in range(0, len(events), _RENDER_BATCH)
    ]
    return pd.DataFrame(
        {
            "event_id": event_ids,
            "day": (events.ms // _DAY_MS).astype("datetime64[D]").astype(object),
            "moment": (events.ms * 1000).astype("datetime64[us]"),
            "cookie_id": plan.cookie[plan.visit_user[events.visit]],
            "value": pd.array(pa.chunked_array(batches, type=pa.large_string()), dtype="str"),
        },
        index=pd.RangeIndex(first_row, first_row + len(events)),
    )


def _json_values(plan: _Plan, events: _Events, raw_ids: np.ndarray) -> pa.LargeStringArray:
    """The ``value`` JSON text of each event, assembled from prebuilt fragments."""
    visits, local_visit = np.unique(events.visit, return_inverse=True)
    parts = _visit_parts(plan, visits)
    head, tail = _CATALOG.head, _CATALOG.tail
    values = [
        f'{head[a]}{i}","time":{t}{tail[a]}{parts[v]}{h}}}]}}'
        for a, i, t, v, h in zip(
            events.action.tolist(),
            _uuid_strings(raw_ids),
            events.ms.tolist(),
            local_visit.tolist(),
            events.hit.tolist(),
            strict=True,
        )
    ]
    return _arrow_strings(values)


def _empty_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": np.empty(0, dtype=object),
            "day": np.empty(0, dtype=object),
            "moment": np.empty(0, dtype="datetime64[us]"),
            "cookie_id": np.empty(0, dtype=object),
            "value": pd.array([], dtype="str"),
        }
    )


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def _check_args(
    n_events: int, seed: int, start: str | date, days: int, n_users: int | None, chunk_size: int
) -> tuple[date, int]:
    for name, value in (
        ("n_events", n_events),
        ("seed", seed),
        ("days", days),
        ("chunk_size", chunk_size),
    ):
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            msg = f"{name} must be an int, got {value!r}"
            raise TypeError(msg)
    if n_events < 0 or seed < 0 or days < 1 or chunk_size < 1:
        msg = (
            f"need n_events >= 0, seed >= 0, days >= 1 and chunk_size >= 1; got n_events={n_events!r}, "
            f"seed={seed!r}, days={days!r}, chunk_size={chunk_size!r}"
        )
        raise ValueError(msg)
    if isinstance(start, datetime):
        start = start.date()
    elif isinstance(start, str):
        start = date.fromisoformat(start)
    elif not isinstance(start, date):
        msg = f"start must be a date or an ISO date string like '2022-01-01', got {start!r}"
        raise TypeError(msg)
    if n_users is None:
        return start, max(1, n_events // 20) if n_events else 0
    if isinstance(n_users, bool) or not isinstance(n_users, int | np.integer):
        msg = f"n_users must be an int or None (for n_events // 20), got {n_users!r}"
        raise TypeError(msg)
    if not 1 <= n_users <= n_events:
        msg = f"n_users must be from 1 to n_events ({n_events}), got {n_users!r}"
        raise ValueError(msg)
    return start, int(n_users)


def iter_event_chunks(
    n_events: int,
    *,
    seed: int = 0,
    chunk_size: int = 500_000,
    start: str | date = "2022-01-01",
    days: int = 30,
    n_users: int | None = None,
) -> Iterator[pd.DataFrame]:
    """Generate the events of :func:`generate_events` in chunks, with bounded memory.

    Parameters
    ----------
    n_events, seed, start, days, n_users
        As in :func:`generate_events`.
    chunk_size : int, default 500_000
        Rows per chunk; only the last chunk may be smaller. Peak memory is roughly two chunks
        of rendered rows plus a few numbers per visit.

    Yields
    ------
    pandas.DataFrame
        Consecutive row ranges of the full, sorted table (the index continues across chunks),
        so ``pd.concat(iter_event_chunks(n, ...))`` equals ``generate_events(n, ...)``.

    Raises
    ------
    ValueError, TypeError
        On invalid arguments (raised when called, before the first chunk).

    Examples
    --------
    >>> sizes = [len(c) for c in iter_event_chunks(2_500, chunk_size=1_000)]
    >>> sizes
    [1000, 1000, 500]
    """
    start, n_users = _check_args(n_events, seed, start, days, n_users, chunk_size)
    return _chunks(n_events, seed, start, days, n_users, int(chunk_size))


def _chunks(
    n_events: int, seed: int, start: date, days: int, n_users: int, chunk_size: int
) -> Iterator[pd.DataFrame]:
    """Simulate visits in time order and emit sorted rows once nothing unseen can precede them."""
    if n_events == 0:
        return
    plan = _make_plan(n_events, seed, start, days, n_users)
    pending: list[_Events] = []  # simulated, not yet emitted
    emitted = 0
    for visits, frontier in _visit_blocks(plan, min(chunk_size, 250_000)):
        pending.append(_simulate(plan, visits))
        ready = sum(int(np.count_nonzero(events.ms < frontier)) for events in pending)
        if ready >= chunk_size:
            merged = _Events.concat(pending).sorted()
            n_out = ready - ready % chunk_size
            for first in range(0, n_out, chunk_size):
                yield _render(plan, merged.take(slice(first, first + chunk_size)), emitted + first)
            emitted += n_out
            pending = [merged.take(slice(n_out, None))]
    rest = _Events.concat(pending).sorted()
    for first in range(0, len(rest), chunk_size):
        yield _render(plan, rest.take(slice(first, first + chunk_size)), emitted + first)


def _visit_blocks(plan: _Plan, block_events: int) -> Iterator[tuple[np.ndarray, int]]:
    """Visits in start order, about ``block_events`` events at a time.

    Each block comes with its frontier: the next block's first start (epoch ms). No event of a later block is earlier.
    The block size affects speed and memory only, never the output.
    """
    order = plan.time_order
    sizes = plan.visit_size[order]
    ends = np.cumsum(sizes)
    lo = 0
    while lo < len(order):
        hi = max(lo + 1, int(np.searchsorted(ends, ends[lo] - sizes[lo] + block_events, "right")))
        last = hi >= len(order)
        frontier = np.iinfo(np.int64).max if last else plan.base_ms + plan.visit_start[order[hi]]
        yield order[lo:hi], int(frontier)
        lo = hi


def generate_events(
    n_events: int = 10_000,
    *,
    seed: int = 0,
    start: str | date = "2022-01-01",
    days: int = 30,
    n_users: int | None = None,
) -> pd.DataFrame:
    """Generate a deterministic, realistic table of Objectiv events.

    Parameters
    ----------
    n_events : int, default 10_000
        Exact number of rows.
    seed : int, default 0
        Non-negative seed; the same seed and arguments give byte-identical output.
    start : str or datetime.date, default '2022-01-01'
        First day (UTC) of the date range.
    days : int, default 30
        Length of the date range in days; users arrive over it.
    n_users : int, optional
        Number of distinct cookies (each has at least one event); default ``n_events // 20``.

    Returns
    -------
    pandas.DataFrame
        Columns ``event_id, day, moment, cookie_id, value`` (see the module docstring), sorted
        by ``moment, event_id``, with a RangeIndex.

    See Also
    --------
    iter_event_chunks : the same rows in bounded-memory chunks.

    Examples
    --------
    >>> df = generate_events(500, seed=1, start='2023-03-01', days=7, n_users=40)
    >>> df.cookie_id.nunique(), str(df.day.min())
    (40, '2023-03-01')
    >>> df.equals(generate_events(500, seed=1, start='2023-03-01', days=7, n_users=40))
    True
    """
    chunks = list(
        iter_event_chunks(
            n_events,
            seed=seed,
            chunk_size=max(n_events, 1),
            start=start,
            days=days,
            n_users=n_users,
        )
    )
    if not chunks:
        return _empty_frame()
    return chunks[0] if len(chunks) == 1 else pd.concat(chunks)


#: the table formats :func:`write_sample_data` writes, and their default table names
SAMPLE_FORMATS = {"native": "data", "snowplow": "events", "snowplow_int64": "events"}


def write_sample_data(
    engine: Any,
    n_events: int = 10_000,
    *,
    format: str = "native",
    table_name: str | None = None,
    if_exists: str = "fail",
    seed: int = 0,
    start: str | date = "2022-01-01",
    days: int = 30,
    n_users: int | None = None,
    chunk_size: int = 500_000,
) -> int:
    """Generate events (as :func:`generate_events`) and write them to a table.

    Parameters
    ----------
    engine : Any
        Anything Bach accepts: a DuckDB connection, a SQLAlchemy engine, a URL, ...
    n_events, seed, start, days, n_users, chunk_size
        As in :func:`iter_event_chunks`.
    format : {'native', 'snowplow', 'snowplow_int64'}, default 'native'
        ``'native'``: the collector's table (:mod:`objectiv_modelhub.native_table`);
        ``'snowplow'``: the format Snowplow writes to BigQuery, with ``ARRAY<STRUCT>`` (DuckDB:
        LIST of STRUCT) context columns (:mod:`objectiv_modelhub.snowplow_table`);
        ``'snowplow_int64'``: the same with ``true_tstamp`` as INT64 milliseconds since the
        epoch, as some Snowplow loaders write it.
    table_name : str, optional
        Default ``'data'`` (native) or ``'events'`` (snowplow), the original model hub's
        defaults.
    if_exists : {'fail', 'replace'}, default 'fail'
        What to do when the table exists.

    Returns
    -------
    int
        The number of rows written.

    Raises
    ------
    ValueError
        For an unknown ``format`` (an ``InvalidArgumentError``).

    Examples
    --------
    >>> import duckdb
    >>> from objectiv_modelhub import ModelHub
    >>> con = duckdb.connect()
    >>> write_sample_data(con, 200, format='snowplow', seed=1, days=3)
    200
    >>> df = ModelHub(global_contexts=['http']).get_objectiv_dataframe(engine=con,
    ...                                                                 table_name='events')
    >>> df.http.context.id.value_counts().to_pandas().to_dict()
    {'http_context': 200}
    >>> con.close()
    """
    from objectiv_bach import InvalidArgumentError
    from objectiv_modelhub.native_table import write_events
    from objectiv_modelhub.snowplow_table import write_snowplow_events

    if format not in SAMPLE_FORMATS:
        msg = f"format={format!r}: choose one of {list(SAMPLE_FORMATS)}."
        raise InvalidArgumentError(msg)
    chunks = iter_event_chunks(
        n_events, seed=seed, chunk_size=chunk_size, start=start, days=days, n_users=n_users
    )
    name = table_name or SAMPLE_FORMATS[format]
    if format == "native":
        return write_events(engine, chunks, table_name=name, if_exists=if_exists)
    true_tstamp = "int64" if format == "snowplow_int64" else "timestamp"
    return write_snowplow_events(
        engine, chunks, table_name=name, if_exists=if_exists, true_tstamp=true_tstamp
    )
