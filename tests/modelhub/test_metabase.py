"""``ModelHub.to_metabase`` against a local HTTP server that plays Metabase's documented REST API.

No Metabase server runs here. :class:`FakeMetabase` (``http.server`` in a thread) accepts only
the requests of Metabase's API documentation (https://www.metabase.com/docs/latest/api:
``session``, ``database``, ``card``, ``dashboard``), checks every payload against the documented
parameters (names, types, required keys, the ``X-Metabase-Session`` header) and answers as
Metabase does. Any other request, or a payload Metabase would reject, is answered with an error
*and* recorded as a protocol violation, which fails the test.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import duckdb
import pytest

from objectiv_bach.errors import InvalidArgumentError
from objectiv_modelhub import MetaBase, ModelHub
from objectiv_modelhub.metabase import MetabaseError
from objectiv_modelhub.sample_data import write_sample_data

TOKEN = "session-4f1c"

#: documented parameters of POST /api/card and PUT /api/card/:id (docs/api/card.md)
CARD_POST_KEYS = {
    "visualization_settings",
    "parameters",
    "description",
    "collection_position",
    "result_metadata",
    "collection_id",
    "name",
    "type",
    "cache_ttl",
    "dataset_query",
    "parameter_mappings",
    "display",
}
CARD_PUT_KEYS = CARD_POST_KEYS | {"collection_preview", "archived", "enable_embedding"}
DASHBOARD_PUT_KEYS = {
    "parameters",
    "points_of_interest",
    "description",
    "archived",
    "dashcards",
    "collection_position",
    "tabs",
    "show_in_getting_started",
    "enable_embedding",
    "collection_id",
    "name",
    "width",
    "caveats",
    "embedding_params",
    "cache_ttl",
    "position",
}


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _non_blank(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


class FakeMetabase:
    """The state of one fake Metabase server, and the violations of the protocol it saw."""

    def __init__(self, engine: str = "postgres", password: str = "secret"):
        self.engine = engine
        self.password = password
        self.cards: dict[int, dict] = {}
        self.dashboard = {"id": 5, "name": "Model Hub Demo!", "dashcards": [], "tabs": []}
        self.requests: list[tuple[str, str, Any]] = []
        self.violations: list[str] = []
        self.logins = 0
        self.expire_next = False

    # each handler returns (status, body)
    def handle(self, method: str, path: str, headers: Any, body: Any) -> tuple[int, Any]:
        self.requests.append((method, path, body))
        if (method, path) == ("POST", "/api/session"):
            return self.login(body)
        if headers.get("X-Metabase-Session") != TOKEN or self.expire_next:
            self.expire_next = False
            return 401, "Unauthenticated"
        if method == "GET" and body is not None:
            return self.violation(f"{method} {path} with a body")
        routes = [
            ("GET", r"/api/database/(\d+)", self.get_database),
            ("GET", r"/api/card/?", self.list_cards),
            ("POST", r"/api/card/?", self.post_card),
            ("PUT", r"/api/card/(\d+)", self.put_card),
            ("GET", r"/api/dashboard/(\d+)", self.get_dashboard),
            ("PUT", r"/api/dashboard/(\d+)", self.put_dashboard),
        ]
        for route_method, pattern, handler in routes:
            match = re.fullmatch(pattern, path)
            if route_method == method and match:
                return handler(body, *(int(g) for g in match.groups()))
        return self.violation(f"undocumented endpoint {method} {path}", 404)

    def violation(self, what: str, status: int = 400) -> tuple[int, Any]:
        self.violations.append(what)
        return status, {"errors": what}

    def login(self, body: Any) -> tuple[int, Any]:
        if not (isinstance(body, dict) and set(body) == {"username", "password"}):
            return self.violation(f"POST /api/session body {body!r}")
        if not (_non_blank(body["username"]) and _non_blank(body["password"])):
            return self.violation("POST /api/session: username and password must be non-blank")
        if body["password"] != self.password:
            return 401, {"errors": {"password": "did not match stored password"}}
        self.logins += 1
        return 200, {"id": TOKEN}

    def get_database(self, body: Any, database_id: int) -> tuple[int, Any]:
        if database_id != 3:
            return 404, "Not found."
        return 200, {"id": 3, "name": "warehouse", "engine": self.engine}

    def list_cards(self, body: Any) -> tuple[int, Any]:
        return 200, list(self.cards.values())

    def check_card(self, body: Any, allowed: set[str], creating: bool) -> str | None:
        if not isinstance(body, dict):
            return f"card body {body!r}"
        unknown = set(body) - allowed
        if unknown:
            return f"undocumented card parameters {sorted(unknown)}"
        required = ("name", "display", "dataset_query", "visualization_settings")
        for key in required if creating else ():
            if key not in body:
                return f"card without {key!r}"
        checks = {
            "name": _non_blank,
            "display": _non_blank,
            "visualization_settings": lambda v: isinstance(v, dict),
            "description": lambda v: v is None or _non_blank(v),
            "collection_id": lambda v: v is None or _positive_int(v),
            "result_metadata": lambda v: v is None or isinstance(v, list),
        }
        for key, ok in checks.items():
            if key in body and not ok(body[key]):
                return f"card parameter {key}={body[key]!r}"
        query = body.get("dataset_query")
        if query is not None:
            native = query.get("native") if isinstance(query, dict) else None
            if not (
                isinstance(query, dict)
                and _positive_int(query.get("database"))
                and query.get("type") == "native"
                and isinstance(native, dict)
                and _non_blank(native.get("query"))
            ):
                return f"dataset_query {query!r}"
        return None

    def post_card(self, body: Any) -> tuple[int, Any]:
        problem = self.check_card(body, CARD_POST_KEYS, creating=True)
        if problem:
            return self.violation(problem)
        card_id = len(self.cards) + 11
        self.cards[card_id] = {"id": card_id, **body}
        return 200, self.cards[card_id]

    def put_card(self, body: Any, card_id: int) -> tuple[int, Any]:
        if card_id not in self.cards:
            return 404, "Not found."
        problem = self.check_card(body, CARD_PUT_KEYS, creating=False)
        if problem:
            return self.violation(problem)
        self.cards[card_id].update(body)
        return 200, self.cards[card_id]

    def get_dashboard(self, body: Any, dashboard_id: int) -> tuple[int, Any]:
        if dashboard_id != self.dashboard["id"]:
            return 404, "Not found."
        return 200, self.dashboard

    def put_dashboard(self, body: Any, dashboard_id: int) -> tuple[int, Any]:
        if dashboard_id != self.dashboard["id"]:
            return 404, "Not found."
        if not isinstance(body, dict) or set(body) - DASHBOARD_PUT_KEYS:
            return self.violation(f"dashboard parameters {body!r}")
        dashcards = body.get("dashcards")
        if dashcards is not None:
            ids = [c.get("id") for c in dashcards]
            if len(set(ids)) != len(ids):
                return self.violation("dashcards: ids must be unique")
            kept = {c["id"] for c in self.dashboard["dashcards"]}
            result = []
            for card in dashcards:
                if not all(_positive_int(card.get("card_id")) for _ in [0]):
                    return self.violation(f"dashcard without a card_id: {card!r}")
                if not all(
                    isinstance(card.get(k), int) for k in ("row", "col", "size_x", "size_y")
                ):
                    return self.violation(f"dashcard without a position and size: {card!r}")
                if card["id"] < 0:  # a new dashcard gets an id
                    card = {**card, "id": 100 + len(result)}
                elif card["id"] not in kept:
                    return self.violation(f"dashcard {card['id']} is not on the dashboard")
                result.append(card)
            self.dashboard["dashcards"] = result
        return 200, self.dashboard


class _Handler(BaseHTTPRequestHandler):
    fake: FakeMetabase

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = None
        if raw:
            if self.headers.get("Content-Type", "").split(";")[0] != "application/json":
                self.fake.violations.append(f"{self.command} {self.path} body is not JSON")
            body = json.loads(raw)
        status, answer = self.server.fake.handle(self.command, self.path, self.headers, body)  # type: ignore[attr-defined]
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = _serve

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def metabase(monkeypatch):
    fake = FakeMetabase()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.fake = fake  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    for name, value in {
        "METABASE_URL": url,
        "METABASE_WEB_URL": "https://bi.example.com",
        "METABASE_USERNAME": "analyst@example.com",
        "METABASE_PASSWORD": "secret",
        "METABASE_DATABASE_ID": "3",
        "METABASE_DASHBOARD_ID": "5",
        "METABASE_COLLECTION_ID": "0",
    }.items():
        monkeypatch.setenv(name, value)
    MetaBase._sessions.clear()
    yield fake
    server.shutdown()
    server.server_close()
    assert not fake.violations, fake.violations


@pytest.fixture(scope="module")
def model_data():
    con = duckdb.connect()
    write_sample_data(con, 300, seed=3, days=3)
    mh = ModelHub(time_aggregation="%Y-%m-%d")
    yield mh, mh.get_objectiv_dataframe(engine=con)
    con.close()


def test_unique_users_card_on_the_dashboard(metabase, model_data):
    mh, df = model_data
    users = mh.agg.unique_users(df)
    result = mh.to_metabase(users, model_type="unique_users")

    card_id = result["card_id"]
    assert result == {
        "card_id": card_id,
        "card": f"https://bi.example.com/card/{card_id}",
        "dashboard": "https://bi.example.com/dashboard/5-model-hub-demo",
    }
    card = metabase.cards[card_id]
    assert card["name"] == "Unique Users"
    assert card["display"] == "line"
    assert card["collection_id"] is None  # 0: the root collection
    assert card["dataset_query"]["database"] == 3
    # the SQL of the Metabase database's engine (postgres), not of the data's (duckdb)
    assert card["dataset_query"]["native"]["query"] == users.to_frame().view_sql(dialect="postgres")
    assert card["visualization_settings"] == {
        "graph.dimensions": ["time_aggregation"],
        "graph.metrics": ["unique_users"],
    }
    assert [c["card_id"] for c in metabase.dashboard["dashcards"]] == [card_id]
    assert metabase.logins == 1
    paths = [(m, p) for m, p, _ in metabase.requests]
    assert paths == [
        ("POST", "/api/session"),
        ("GET", "/api/database/3"),
        ("GET", "/api/card"),
        ("POST", "/api/card"),
        ("GET", "/api/dashboard/5"),
        ("PUT", "/api/dashboard/5"),
    ]


def test_second_push_updates_the_card_and_keeps_the_dashboard(metabase, model_data):
    mh, df = model_data
    first = mh.to_metabase(mh.agg.unique_sessions(df), model_type="unique_sessions")
    other = mh.to_metabase(mh.agg.unique_users(df, groupby=None), model_type="unique_users")
    again = mh.to_metabase(
        mh.agg.unique_sessions(df, groupby="user_id"), model_type="unique_sessions"
    )
    assert again["card_id"] == first["card_id"] != other["card_id"]
    assert len(metabase.cards) == 2
    card = metabase.cards[first["card_id"]]
    assert card["visualization_settings"]["graph.dimensions"] == ["user_id"]
    puts = [p for m, p, _ in metabase.requests if m == "PUT"]
    assert puts == ["/api/dashboard/5", "/api/dashboard/5", f"/api/card/{first['card_id']}"]
    # both cards on the dashboard, the second below the first, none twice
    dashcards = metabase.dashboard["dashcards"]
    assert [c["card_id"] for c in dashcards] == [first["card_id"], other["card_id"]]
    assert [(c["row"], c["col"]) for c in dashcards] == [(0, 0), (6, 0)]
    assert metabase.logins == 1  # one session for all requests


def test_config_overrides_the_preset_and_series_or_frame(metabase, model_data):
    mh, df = model_data
    frame = mh.agg.session_duration(df).to_frame()
    config = {"name": "Durations", "description": "Mean session length", "display": "table"}
    result = mh.to_metabase(frame, config=config)
    card = metabase.cards[result["card_id"]]
    assert (card["name"], card["description"], card["display"]) == tuple(config.values())
    assert card["visualization_settings"]["graph.metrics"] == ["session_duration"]
    default = mh.to_metabase(mh.agg.unique_users(df), model_type="no such preset")
    assert metabase.cards[default["card_id"]]["name"] == "Generic / default graph"


@pytest.mark.parametrize(
    ("engine", "dialect"), [("bigquery-cloud-sdk", "bigquery"), ("duckdb", "duckdb")]
)
def test_sql_of_the_database_engine(metabase, model_data, engine, dialect):
    mh, df = model_data
    metabase.engine = engine
    users = mh.agg.unique_users(df)
    result = mh.to_metabase(users)
    sent = metabase.cards[result["card_id"]]["dataset_query"]["native"]["query"]
    assert sent == users.to_frame().view_sql(dialect=dialect)


def test_expired_session_logs_in_again(metabase, model_data):
    mh, df = model_data
    mh.to_metabase(mh.agg.unique_users(df))
    metabase.expire_next = True
    mh.to_metabase(mh.agg.unique_users(df))
    assert metabase.logins == 2
    assert len(metabase.cards) == 1


def test_errors(metabase, model_data, monkeypatch):
    mh, df = model_data
    metabase.engine = "mongo"
    with pytest.raises(MetabaseError, match="engine 'mongo'"):
        mh.to_metabase(mh.agg.unique_users(df))
    monkeypatch.setenv("METABASE_PASSWORD", "wrong")
    MetaBase._sessions.clear()
    with pytest.raises(MetabaseError, match="HTTP 401"):
        mh.to_metabase(mh.agg.unique_users(df))
    monkeypatch.setenv("METABASE_PASSWORD", "secret")
    monkeypatch.setenv("METABASE_DASHBOARD_ID", "99")
    metabase.engine = "postgres"
    with pytest.raises(MetabaseError, match="GET /api/dashboard/99: HTTP 404"):
        mh.to_metabase(mh.agg.unique_users(df))
    monkeypatch.setenv("METABASE_DASHBOARD_ID", "five")
    with pytest.raises(InvalidArgumentError, match="dashboard_id='five'"):
        mh.to_metabase(mh.agg.unique_users(df))
    monkeypatch.delenv("METABASE_URL")
    with pytest.raises(InvalidArgumentError, match="METABASE_URL"):
        MetaBase()


def test_unreachable_server(model_data):
    mh, df = model_data
    MetaBase._sessions.clear()
    mb = MetaBase(url="http://127.0.0.1:9", password="x")
    with pytest.raises(MetabaseError, match="Cannot reach Metabase"):
        mb.to_metabase(mh.agg.unique_users(df))
