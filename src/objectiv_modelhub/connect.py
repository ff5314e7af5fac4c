"""The engine of :meth:`objectiv_modelhub.ModelHub.get_objectiv_dataframe`, as the original built it.

Without BigQuery credentials the engine is what the caller gave (``engine``, else ``db_url``,
else env ``DSN``, else Bach's default in-memory DuckDB). With ``bq_credentials_path`` (a
service-account key file) or ``bq_credentials`` (the key file's JSON text) the engine is a
SQLAlchemy engine of the ``sqlalchemy-bigquery`` dialect on ``db_url``
(``'bigquery://project/dataset'``), created with that dialect's ``credentials_path`` or
``credentials_info`` argument; nothing connects until the first query.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from objectiv_bach import InvalidArgumentError

#: the original's default table: the collector's table elsewhere, Snowplow's on BigQuery
DEFAULT_TABLE = "data"
DEFAULT_BIGQUERY_TABLE = "events"


def parse_bq_credentials(bq_credentials: str | bytes | dict[str, Any]) -> dict[str, Any]:
    """A service-account key as a dict, from its JSON text (or that text base64-encoded).

    The original took the key file's JSON text and passed it base64-encoded to the BigQuery
    dialect; both forms are accepted here, as is an already-parsed dict.

    Examples
    --------
    >>> parse_bq_credentials('{"type": "service_account", "project_id": "p"}')['project_id']
    'p'
    >>> import base64
    >>> parse_bq_credentials(base64.b64encode(b'{"type": "service_account"}'))['type']
    'service_account'
    """
    if isinstance(bq_credentials, dict):
        return bq_credentials
    text = bq_credentials.decode() if isinstance(bq_credentials, bytes) else bq_credentials
    for candidate in (text, _from_base64(text)):
        if candidate is None:
            continue
        try:
            info = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(info, dict):
            return info
    shown = text if len(text) <= 40 else text[:40] + "..."
    msg = (
        f"bq_credentials={shown!r} is not the JSON text of a service-account key (nor that "
        "text base64-encoded). Pass the key file's content, e.g. "
        "bq_credentials=open('key.json').read(), or its path as bq_credentials_path=."
    )
    raise InvalidArgumentError(msg)


def _from_base64(text: str) -> str | None:
    try:
        return base64.b64decode(text, validate=True).decode()
    except (binascii.Error, ValueError):
        return None


def bigquery_engine(
    db_url: str | None, *, bq_credentials_path: str | None = None, bq_credentials: Any = None
) -> Any:
    """A SQLAlchemy engine on ``db_url`` (``'bigquery://project/dataset'``) with credentials.

    Parameters
    ----------
    db_url : str
        ``'bigquery://project/dataset'``.
    bq_credentials_path : str, optional
        Path of a service-account key file (the dialect's ``credentials_path``).
    bq_credentials : str, optional
        The key file's JSON text, or that text base64-encoded (the dialect's
        ``credentials_info``); it wins over ``bq_credentials_path``, as in the original.

    Raises
    ------
    InvalidArgumentError
        For a ``db_url`` that is not a BigQuery URL with a dataset, for credentials that are
        not a key's JSON, or when ``sqlalchemy-bigquery`` is not installed.

    Examples
    --------
    A key is checked when the engine is created (no network is used until the first query):

    >>> bigquery_engine('bigquery://my-project/my_dataset',  # doctest: +ELLIPSIS
    ...                 bq_credentials='{"type": "service_account"}')
    Traceback (most recent call last):
    ...
    objectiv_bach.errors.InvalidArgumentError: The BigQuery dialect refused the credentials of bq_credentials: Service account info was not in the expected format, missing fields .... Pass a service-account key file (JSON with type, project_id, private_key, client_email, token_uri).
    >>> bigquery_engine('postgresql://localhost/db', bq_credentials_path='key.json')
    Traceback (most recent call last):
    ...
    objectiv_bach.errors.InvalidArgumentError: BigQuery credentials were given with db_url='postgresql://localhost/db'; they need a BigQuery URL with project and dataset: db_url='bigquery://project/dataset'.
    """
    import sqlalchemy

    from objectiv_bach.dialects import registration

    try:
        url = sqlalchemy.engine.make_url(db_url) if db_url else None
    except sqlalchemy.exc.ArgumentError:
        url = None
    # the credentials are BigQuery's own (the original's API): the URL must be one the
    # registered BigQuery backend serves
    schemes = registration("bigquery").url_schemes
    if url is None or url.drivername not in schemes or not url.host or not url.database:
        msg = (
            f"BigQuery credentials were given with db_url={db_url!r}; they need a BigQuery "
            "URL with project and dataset: db_url='bigquery://project/dataset'."
        )
        raise InvalidArgumentError(msg)
    try:
        import sqlalchemy_bigquery  # noqa: F401
    except ImportError:
        msg = (
            "BigQuery credentials need the package 'sqlalchemy-bigquery' (the SQLAlchemy "
            "dialect for BigQuery): pip install sqlalchemy-bigquery."
        )
        raise InvalidArgumentError(msg) from None
    kwargs: dict[str, Any] = {}
    if bq_credentials is not None:
        kwargs["credentials_info"] = parse_bq_credentials(bq_credentials)
    elif bq_credentials_path is not None:
        kwargs["credentials_path"] = str(bq_credentials_path)
    try:  # the dialect builds its client (and reads the key) here; nothing connects yet
        return sqlalchemy.create_engine(url, **kwargs)
    except (ValueError, OSError) as e:  # google.auth's MalformedError is a ValueError
        which = (
            "bq_credentials"
            if bq_credentials is not None
            else f"bq_credentials_path={bq_credentials_path!r}"
        )
        msg = (
            f"The BigQuery dialect refused the credentials of {which}: {e} Pass a "
            "service-account key file (JSON with type, project_id, private_key, "
            "client_email, token_uri)."
        )
        raise InvalidArgumentError(msg) from e
