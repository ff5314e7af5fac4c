"""Identity resolution: replace cookie user ids by the identity users gave (IdentityContext).

* An event's identity is its first IdentityContext (with ``id == identity_id`` when given),
  as ``'<value>|<id>'``, e.g. ``'jane@example.com|email'``.
* Per ``user_id`` (cookie), the identity of its **last** identified event (by ``moment``,
  ties by ``event_id``) wins; every event of that cookie gets it as ``user_id``.
* Cookies that never identified keep their cookie id (as text), or become NULL with
  ``anonymize_user_ids_without_identity``.
"""

from __future__ import annotations

from objectiv_bach import DataFrame, InvalidArgumentError


def resolve_identities(data: DataFrame, identity_id: str | None = None) -> DataFrame:
    """``user_id`` := the user's last identity; adds ``identity_user_id`` (NULL if none)."""
    if "identity" not in data.columns:
        msg = "Identity resolution needs the 'identity' global context column; request it."
        raise InvalidArgumentError(msg)
    df = data.reset_index()
    identities = df.identity.astype("json")
    if identity_id is not None:
        identities = identities.json.filter({"id": identity_id})
    first = identities.json[0]
    value = first.json.get_value("value", as_str=True)
    kind = first.json.get_value("id", as_str=True)
    df["event_identity"] = value + "|" + kind
    df = df.materialize(node_name="event_identities")

    identified = df[df.event_identity.notnull()]
    latest_first = (
        identified.sort_values(["moment", "event_id"], ascending=False).groupby("user_id").window()
    )
    identified["rank"] = latest_first.event_id.window_row_number()
    last = identified[identified["rank"] == 1][["user_id", "event_identity"]]
    last = last.rename(columns={"event_identity": "identity_user_id"}).reset_index(drop=True)

    merged = df.drop(columns=["event_identity"]).merge(last, how="left", on="user_id")
    merged["user_id"] = merged.identity_user_id.fillna(merged.user_id.astype("string"))
    return merged.set_index("event_id").materialize(node_name="identity_resolved")


def anonymize_user_ids_without_identity(data: DataFrame) -> DataFrame:
    """``user_id`` := NULL where the user has no identity."""
    df = data.copy()
    df["user_id"] = df.user_id.where(df.identity_user_id.notnull())
    return df
