"""Push a model's SQL to Metabase as a native-query card on a dashboard (``ModelHub.to_metabase``).

Uses Metabase's REST API (version 0.47 or later), as documented at
https://www.metabase.com/docs/latest/api:

1. ``POST /api/session`` with ``username`` and ``password`` gives the session token, sent as
   the ``X-Metabase-Session`` header of every other request (a 401 logs in again, once);
2. ``GET /api/database/:id`` tells the database's ``engine``: the card's SQL is the data's
   ``view_sql`` in that engine's Bach dialect (``postgres``, ``bigquery-cloud-sdk``, ``duckdb``);
3. ``GET /api/card`` finds a card with the same name and description: ``PUT /api/card/:id``
   updates it, else ``POST /api/card`` creates one (``dataset_query`` of type ``native``);
4. ``GET /api/dashboard/:id`` and, when the card is not on the dashboard yet,
   ``PUT /api/dashboard/:id`` with the dashboard's ``dashcards`` plus a new one (id ``-1``)
   below the others.

Settings come from the arguments of :class:`MetaBase` or the original's environment variables:

==========================  ============================================  ===================
variable                    meaning                                       default
==========================  ============================================  ===================
``METABASE_URL``            the API's base URL, e.g. ``http://mb:3000``   (required)
``METABASE_WEB_URL``        the base URL of the links returned            ``METABASE_URL``
``METABASE_USERNAME``       the login (an e-mail address)                 ``'objectiv'``
``METABASE_PASSWORD``       its password                                  ``''``
``METABASE_DATABASE_ID``    Metabase's id of the database of the data     ``1``
``METABASE_DASHBOARD_ID``   the dashboard the card is put on              ``1``
``METABASE_COLLECTION_ID``  the collection of the card (0: the root)      ``0``
==========================  ============================================  ===================

Presets per ``model_type`` (:data:`PRESETS`): ``'default'`` (a bar chart), ``'unique_users'``
(a line chart), ``'unique_sessions'`` (a bar chart). The chart's dimensions are the data's
index columns and its metrics the data columns; ``config`` overrides any of it.

Differences from the original: the SQL is rendered for the Metabase database's engine (the
original sent the SQL of the data's own engine), a card is created in the root collection
when no collection is set (the original sent collection id 0, which Metabase rejects), the
dashboard is updated through ``PUT /api/dashboard/:id`` (``POST /api/dashboard/:id/cards``
was removed from Metabase in 0.47), and the password is not part of the returned links.
"""

from __future__ import annotations

import copy
import os
import re
from typing import TYPE_CHECKING, Any

from objectiv_bach import BachError, DataFrame, InvalidArgumentError, Series
from objectiv_bach.dialects import registration

if TYPE_CHECKING:  # imported when a MetaBase is made: not on every model hub import
    import requests

#: the card settings of each ``model_type`` (``dimensions``/``metrics`` are set from the data)
PRESETS: dict[str, dict[str, Any]] = {
    "default": {
        "display": "bar",
        "name": "Generic / default graph",
        "description": "This is a generic graph",
    },
    "unique_users": {
        "display": "line",
        "name": "Unique Users",
        "description": "Unique Users",
    },
    "unique_sessions": {
        "display": "bar",
        "name": "Unique Sessions",
        "description": "Unique sessions from Model Hub",
    },
}

#: seconds to wait for Metabase's answer
TIMEOUT = 30
#: the size of a new card on the dashboard's 24-column grid
CARD_SIZE = {"size_x": 12, "size_y": 6}


class MetabaseError(BachError):
    """Metabase refused a request, or answered something the model hub cannot use."""


class MetaBase:
    """A Metabase server to push model SQL to (see the module docstring for the settings).

    Parameters
    ----------
    username, password, url, database_id, dashboard_id, collection_id, web_url : optional
        Override the environment variables ``METABASE_USERNAME``, ... of the same meaning.

    Raises
    ------
    InvalidArgumentError
        Without a URL (argument or ``METABASE_URL``), or for ids that are not integers.

    Examples
    --------
    >>> mb = MetaBase(url='http://metabase.example:3000', username='me@example.com',
    ...               password='secret', database_id=2, dashboard_id=3)
    >>> mb
    MetaBase(url='http://metabase.example:3000', username='me@example.com', database_id=2, dashboard_id=3, collection_id=None)
    """

    _sessions: dict[tuple[str, str], str] = {}

    def __init__(
        self,
        username: str | None = None,
        password: str | None = None,
        url: str | None = None,
        database_id: int | None = None,
        dashboard_id: int | None = None,
        collection_id: int | None = None,
        web_url: str | None = None,
    ):
        env = os.environ
        base = url or env.get("METABASE_URL")
        if not base:
            msg = (
                "No Metabase URL: pass url='http://host:3000' or set the environment variable "
                "METABASE_URL."
            )
            raise InvalidArgumentError(msg)
        self.url = base.rstrip("/")
        self.web_url = (web_url or env.get("METABASE_WEB_URL") or self.url).rstrip("/")
        self.username = username or env.get("METABASE_USERNAME", "objectiv")
        self._password = password if password is not None else env.get("METABASE_PASSWORD", "")
        self.database_id = _int(database_id, "database_id", "METABASE_DATABASE_ID", 1)
        self.dashboard_id = _int(dashboard_id, "dashboard_id", "METABASE_DASHBOARD_ID", 1)
        collection = _int(collection_id, "collection_id", "METABASE_COLLECTION_ID", 0)
        # Metabase wants a positive id, or null for the root collection
        self.collection_id = collection or None
        import requests

        self._requests = requests
        self._http = requests.Session()

    def __repr__(self) -> str:
        return (
            f"MetaBase(url={self.url!r}, username={self.username!r}, "
            f"database_id={self.database_id!r}, dashboard_id={self.dashboard_id!r}, "
            f"collection_id={self.collection_id!r})"
        )

    # ------------------------------------------------------------------ requests
    def _send(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        try:
            return self._http.request(method, f"{self.url}{path}", timeout=TIMEOUT, **kwargs)
        except self._requests.RequestException as e:
            msg = f"Cannot reach Metabase at {self.url!r} ({method} {path}): {e}"
            raise MetabaseError(msg) from e

    def _login(self) -> str:
        response = self._send(
            "POST", "/api/session", json={"username": self.username, "password": self._password}
        )
        body = _json(response, "POST /api/session (login)")
        token = body.get("id") if isinstance(body, dict) else None
        if not token:
            msg = f"Metabase's login answer has no session id: {body!r}."
            raise MetabaseError(msg)
        MetaBase._sessions[(self.url, self.username)] = str(token)
        return str(token)

    def _request(self, method: str, path: str, body: Any = None) -> Any:
        """``method path`` with the session header; logs in (again, on a 401) as needed."""
        key = (self.url, self.username)
        for attempt in (1, 2):
            token = MetaBase._sessions.get(key) or self._login()
            response = self._send(method, path, json=body, headers={"X-Metabase-Session": token})
            if response.status_code == 401 and attempt == 1:
                MetaBase._sessions.pop(key, None)  # expired: log in once more
                continue
            return _json(response, f"{method} {path}")
        return None  # pragma: no cover - the loop returns or raises

    # ------------------------------------------------------------------ the steps
    def dialect(self) -> str:
        """The Bach dialect of Metabase's database ``database_id`` (``GET /api/database/:id``)."""
        database = self._request("GET", f"/api/database/{self.database_id}")
        engine = str(database.get("engine", "")) if isinstance(database, dict) else ""
        for name in dict.fromkeys([engine, engine.split("-")[0]]):
            try:
                return registration(name).name
            except InvalidArgumentError:
                continue
        msg = (
            f"Metabase database {self.database_id} has engine {engine!r}, which has no Bach "
            "dialect. Point METABASE_DATABASE_ID at a PostgreSQL, BigQuery or DuckDB database."
        )
        raise MetabaseError(msg)

    def add_update_card(self, data: DataFrame, config: dict[str, Any]) -> dict[str, Any]:
        """Create or update the card of ``config`` with ``data``'s SQL; put it on the dashboard.

        Returns
        -------
        dict
            ``card_id``, and the web links ``card`` and ``dashboard``.
        """
        sql = data.view_sql(dialect=self.dialect())
        card = {
            "name": config["name"],
            "description": config.get("description") or None,
            "display": config["display"],
            "collection_id": self.collection_id,
            "dataset_query": {
                "database": self.database_id,
                "type": "native",
                "native": {"query": str(sql), "template-tags": {}},
            },
            "visualization_settings": {
                "graph.dimensions": list(config.get("dimensions", [])),
                "graph.metrics": list(config.get("metrics", [])),
                **config.get("visualization_settings", {}),
            },
        }
        if config.get("result_metadata"):
            card["result_metadata"] = config["result_metadata"]
        existing = [
            c
            for c in self._request("GET", "/api/card")
            if c.get("name") == card["name"] and c.get("description") == card["description"]
        ]
        if existing:
            card_id = existing[0]["id"]
            saved = self._request("PUT", f"/api/card/{card_id}", card)
        else:
            saved = self._request("POST", "/api/card", card)
        if not isinstance(saved, dict) or "id" not in saved:
            msg = f"Metabase's answer to saving the card has no card id: {saved!r}."
            raise MetabaseError(msg)
        dashboard = self.update_dashboard(int(saved["id"]), self.dashboard_id)
        slug = re.sub(r"[^a-z0-9]+", "-", str(dashboard.get("name", "")).lower()).strip("-")
        return {
            "card_id": int(saved["id"]),
            "card": f"{self.web_url}/card/{saved['id']}",
            "dashboard": f"{self.web_url}/dashboard/{self.dashboard_id}-{slug}",
        }

    def update_dashboard(self, card_id: int, dashboard_id: int) -> dict[str, Any]:
        """Put card ``card_id`` on dashboard ``dashboard_id`` unless it is there; the dashboard."""
        dashboard = self._request("GET", f"/api/dashboard/{dashboard_id}")
        cards = dashboard.get("dashcards", dashboard.get("ordered_cards", []))
        if any(c.get("card_id", (c.get("card") or {}).get("id")) == card_id for c in cards):
            return dict(dashboard)
        bottom = max((c.get("row", 0) + c.get("size_y", 0) for c in cards), default=0)
        new: dict[str, Any] = {
            "id": -1,
            "card_id": card_id,
            "row": bottom,
            "col": 0,
            **CARD_SIZE,
            "parameter_mappings": [],
            "visualization_settings": {},
            "series": [],
        }
        updated = self._request(
            "PUT", f"/api/dashboard/{dashboard_id}", {"dashcards": [*cards, new]}
        )
        return dict(updated) if isinstance(updated, dict) else dict(dashboard)

    def to_metabase(
        self, data: DataFrame | Series, model_type: str | None = None, config: dict | None = None
    ) -> dict[str, Any]:
        """Push ``data``'s SQL as a card of preset ``model_type`` (see :data:`PRESETS`).

        Parameters
        ----------
        data : DataFrame or Series
            The model's result (not run: its SQL is sent).
        model_type : str, optional
            ``'unique_users'``, ``'unique_sessions'``; anything else is ``'default'``.
        config : dict, optional
            Overrides of the card settings: ``name``, ``description``, ``display``,
            ``dimensions``, ``metrics``, ``visualization_settings``, ``result_metadata``.

        Returns
        -------
        dict
            ``card_id`` and the links ``card`` and ``dashboard``.

        Examples
        --------
        Needs a Metabase server, so the call is not run here:

        >>> import pandas as pd, objectiv_bach as bach
        >>> counts = bach.from_pandas(None, pd.DataFrame({'day': ['2022-01-01'], 'n': [3]}))
        >>> mb = MetaBase(url='http://localhost:3000', username='me@example.com', password='pw')
        >>> mb.to_metabase(counts.set_index('day'), config={'name': 'Counts'})  # doctest: +SKIP
        {'card_id': 8, 'card': 'http://localhost:3000/card/8', 'dashboard': 'http://localhost:3000/dashboard/1-model-hub'}
        """
        frame = data.to_frame() if isinstance(data, Series) else data
        if not isinstance(frame, DataFrame):
            msg = f"to_metabase needs a Bach DataFrame or Series, got {type(data).__name__}."
            raise InvalidArgumentError(msg)
        settings = copy.deepcopy(PRESETS.get(model_type or "default", PRESETS["default"]))
        settings["dimensions"] = list(frame.index_columns)
        settings["metrics"] = list(frame.data_columns)
        settings.update(config or {})
        return self.add_update_card(frame, settings)


def _int(value: Any, name: str, variable: str, default: int) -> int:
    raw = value if value is not None else os.environ.get(variable, default)
    try:
        number = int(raw)
    except (TypeError, ValueError):
        msg = f"{name}={raw!r} (or ${variable}) is not an integer id; pass e.g. {name}={default}."
        raise InvalidArgumentError(msg) from None
    if number < 0:
        msg = f"{name}={raw!r} (or ${variable}) must be 0 or more."
        raise InvalidArgumentError(msg)
    return number


def _json(response: requests.Response, what: str) -> Any:
    """The JSON body of a 2xx answer; a :class:`MetabaseError` with Metabase's message else."""
    if not 200 <= response.status_code < 300:
        text = response.text[:500]
        msg = f"Metabase refused {what}: HTTP {response.status_code}: {text}"
        raise MetabaseError(msg)
    try:
        return response.json()
    except ValueError:
        msg = f"Metabase answered {what} with no JSON: {response.text[:200]!r}."
        raise MetabaseError(msg) from None
