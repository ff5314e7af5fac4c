"""Funnel discovery: the users' navigation paths, and a sankey diagram of them.

:class:`FunnelDiscovery` (``ModelHub.get_funnel_discovery()``) as in the original model hub
0.0.28. The paths are computed in the database (window functions over the events in time
order); only :meth:`FunnelDiscovery.plot_sankey_diagram` pulls data, the aggregated links, to
draw them with plotly (an optional dependency, imported when drawing).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from objectiv_bach import DataFrame, InvalidArgumentError, Series, SeriesJson, SeriesString
from objectiv_modelhub.optional import require

__all__ = ["CONVERSION_STEP_COLUMN", "FunnelDiscovery", "location_stack_paths", "sankey_links"]

#: the column ``add_conversion_step_column=True`` adds (the original's name)
CONVERSION_STEP_COLUMN = "_first_conversion_step_number"
#: the column ``construct_full_path=True`` adds
FULL_PATH_SUFFIX = "_full_path"
#: what joins the steps of a path in the ``construct_full_path`` column
FULL_PATH_SEPARATOR = " -> "

_NAME = "__step_name"
_OFFSET = "__step_offset"
_CONVERSION = "is_conversion_event"


def _is_not_set(value: Any) -> bool:
    from objectiv_modelhub.modelhub import not_set

    return value is None or value is not_set


def _check_int(value: Any, what: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        msg = f"{what} must be an int >= {minimum}, got {value!r}."
        raise InvalidArgumentError(msg)
    return value


def _step_labels(data: DataFrame, location_stack: Any) -> Series:
    """The label of each event's location: the stack's nice name, or a string column as is."""
    if location_stack is None:
        location_stack = "location_stack"
    if isinstance(location_stack, str):
        if location_stack not in data.all_series:
            msg = (
                f"location_stack={location_stack!r} is not a column of the frame; columns: "
                f"{data.columns}. Pass a column name or a Series of the frame."
            )
            raise InvalidArgumentError(msg)
        location_stack = data.all_series[location_stack]
    if not isinstance(location_stack, Series):
        msg = (
            f"location_stack must be a column name or a Series of the frame, got "
            f"{type(location_stack).__name__}."
        )
        raise InvalidArgumentError(msg)
    if location_stack.base_node != data.base_node:
        msg = (
            f"The location_stack Series {location_stack.name!r} was built on another frame; "
            "build it on this one, e.g. df.location_stack.json[1:]."
        )
        raise InvalidArgumentError(msg)
    if isinstance(location_stack, SeriesString):
        return location_stack.rename(_NAME)
    if isinstance(location_stack, SeriesJson):
        stack: Any = location_stack.astype("objectiv_location_stack")
        return stack.ls.nice_name.rename(_NAME)
    msg = (
        f"location_stack {location_stack.name!r} has dtype {location_stack.dtype!r}; use a "
        "location stack (json) column, or a string column of location names."
    )
    raise InvalidArgumentError(msg)


def _by_columns(data: DataFrame, by: Any, stack_name: str) -> tuple[DataFrame, list[str]]:
    """``data`` with the group keys as columns, and their names."""
    if _is_not_set(by):
        return data, []
    keys = by if isinstance(by, (list, tuple)) else [by]
    frame, names = data, []
    for key in keys:
        if isinstance(key, Series):
            if key.base_node != data.base_node:
                msg = f"by: the Series {key.name!r} was built on another frame."
                raise InvalidArgumentError(msg)
            frame = frame.copy()
            frame[key.name] = key
            names.append(key.name)
        elif isinstance(key, str) and key in data.all_series:
            names.append(key)
        else:
            msg = (
                f"by={key!r} is not a column of the frame; columns: {data.columns}. Pass column "
                "names or Series of the frame."
            )
            raise InvalidArgumentError(msg)
    if stack_name in names:
        msg = (
            f"by={by!r} groups by the location stack {stack_name!r} itself; group by other "
            "columns, e.g. by='user_id'."
        )
        raise KeyError(msg)
    return frame, names


def navigation_paths(
    data: DataFrame,
    steps: int,
    by: Any = None,
    location_stack: Any = None,
    add_conversion_step_column: bool = False,
    only_converted_paths: bool = False,
    start_from_end: bool = False,
    n_examples: int | None = None,
    sort_by: str | None = None,
    construct_full_path: bool = False,
    start_at: str | list[str] | None = None,
) -> DataFrame:
    """The navigation paths of ``steps`` locations (see :meth:`FunnelDiscovery.get_navigation_paths`)."""
    steps = _check_int(steps, "steps", 1)
    if n_examples is not None:
        n_examples = _check_int(n_examples, "n_examples", 1)
    order_column = sort_by or "moment"
    if order_column not in data.all_series:
        msg = (
            f"sort_by={order_column!r}: the frame has no such column; columns: {data.columns}. "
            "Events are ordered by 'moment' unless sort_by names another column."
        )
        raise InvalidArgumentError(msg)
    conversion = add_conversion_step_column or only_converted_paths
    if conversion and _CONVERSION not in data.all_series:
        msg = (
            "add_conversion_step_column and only_converted_paths need an 'is_conversion_event' "
            "column: df['is_conversion_event'] = mh.map.is_conversion_event(df, name)."
        )
        raise InvalidArgumentError(msg)
    labels = _step_labels(data, location_stack)
    stack_name = (
        location_stack
        if isinstance(location_stack, str)
        else ("location_stack" if location_stack is None else location_stack.name)
    )
    frame, by_names = _by_columns(data, by, stack_name)
    frame = frame.copy()
    frame[_NAME] = labels
    keep = [*by_names, order_column, _NAME] + ([_CONVERSION] if conversion else [])
    frame = frame[list(dict.fromkeys(keep))].materialize(node_name="step_names")

    # offset 0: the first event of each group in time (the last one with start_from_end); the
    # index (event_id) breaks ties, so the order is total and the same on every engine
    order = [order_column, _NAME, *frame.index_columns]
    ascending = not start_from_end
    # (one window for the offsets and the steps: one sort per group in the database)
    window = frame.sort_values(order, ascending=ascending).groupby(by_names).window()
    frame[_OFFSET] = frame[_NAME].window_row_number(window) - 1

    # a path starts at an event and takes the next ``steps - 1`` events (the previous ones
    # with start_from_end: the path ends at the event)
    step_numbers = list(range(1, steps + 1))
    if start_from_end:
        step_numbers.reverse()
    prefix = f"{stack_name}_step_"
    step_columns = [f"{prefix}{n}" for n in range(1, steps + 1)]
    conversion_columns = [f"__conversion_{n}" for n in range(1, steps + 1)]
    for lead, number in enumerate(step_numbers):
        frame[f"{prefix}{number}"] = (
            frame[_NAME].copy() if lead == 0 else frame[_NAME].window_lead(lead, window=window)
        )
        if conversion:
            flag = (
                frame[_CONVERSION]
                if lead == 0
                else frame[_CONVERSION].window_lead(lead, window=window)
            )
            frame[f"__conversion_{number}"] = flag
    frame = frame.materialize(node_name="step_extraction")

    keep_row: Series | None = None
    if steps > 1:
        # a one-location path at the end of a group's events is not a path, unless it is the
        # group's only event
        neighbour = frame[f"{prefix}{step_numbers[1]}"]
        keep_row = ~(neighbour.isnull() & (frame[_OFFSET] != 0))
    if n_examples is not None:
        first_ones = frame[_OFFSET] < n_examples
        keep_row = first_ones if keep_row is None else keep_row & first_ones
    if start_at is not None:
        starts = [start_at] if isinstance(start_at, str) else list(start_at)
        starting = frame[step_columns[0]].isin(starts).fillna(False)
        keep_row = starting if keep_row is None else keep_row & starting
    if keep_row is not None:
        frame = frame[keep_row]

    if conversion:
        first = Series.from_value(frame, None, name=CONVERSION_STEP_COLUMN, dtype="int64")
        for number in reversed(range(1, steps + 1)):
            flag = frame[conversion_columns[number - 1]].fillna(False)
            numbered = Series.from_value(frame, number, name=CONVERSION_STEP_COLUMN)
            first = numbered.where(flag, first)
        frame[CONVERSION_STEP_COLUMN] = first
        if only_converted_paths:
            frame = frame.materialize(node_name="conversion_steps")
            step = frame[CONVERSION_STEP_COLUMN]
            frame = frame[step.notnull() & (step != 1)]
            for number, column in enumerate(step_columns, start=1):
                frame[column] = frame[column].where(frame[CONVERSION_STEP_COLUMN] >= number)

    result_columns = list(step_columns)
    if construct_full_path:
        full = None
        for column in step_columns:
            part = frame[column]
            full = part if full is None else _join(full, part)
        assert full is not None
        frame[f"{stack_name}{FULL_PATH_SUFFIX}"] = full
        result_columns.append(f"{stack_name}{FULL_PATH_SUFFIX}")
    if add_conversion_step_column:
        result_columns.append(CONVERSION_STEP_COLUMN)
    frame = frame[[*by_names, _OFFSET, *result_columns]].reset_index(drop=True)
    if by_names:
        frame = frame.set_index(by_names)
    return frame.sort_values([*by_names, _OFFSET])[result_columns]


def _join(left: Series, right: Series) -> Series:
    """``left -> right``, skipping missing parts."""
    joined = left + FULL_PATH_SEPARATOR + right
    return joined.fillna(left).fillna(right)


def sankey_links(steps_df: DataFrame, n_top_examples: int | None = None) -> DataFrame:
    """The links of a sankey diagram of ``steps_df``'s paths: ``source``, ``target``, ``value``.

    See :meth:`FunnelDiscovery.plot_sankey_diagram`.
    """
    prefix, numbers = _step_columns(steps_df)
    columns = [f"{prefix}_step_{n}" for n in numbers]
    if n_top_examples is not None:
        _check_int(n_top_examples, "n_top_examples", 1)
    counts = (
        steps_df[columns]
        .reset_index(drop=True)
        .value_counts(dropna=False, sort=False)
        .rename("__count")
        .reset_index()
    )
    if n_top_examples is not None:
        counts = counts.sort_values(["__count", *columns], ascending=False)
        counts = counts.materialize(node_name="top_paths", limit=n_top_examples)
    pairs = []
    for source, target in zip(columns, columns[1:], strict=False):
        pair = counts[[source, target, "__count"]].rename(
            columns={source: "source", target: "target"}
        )
        pairs.append(pair.dropna(subset=["source", "target"]))
    if not pairs:
        msg = f"A sankey diagram needs paths of 2 steps or more; {columns} has one step."
        raise InvalidArgumentError(msg)
    links = pairs[0].append(pairs[1:]) if len(pairs) > 1 else pairs[0]
    links = links.groupby(["source", "target"])["__count"].sum().rename("value")
    return links.reset_index().sort_values(["value", "source", "target"], ascending=False)


def _step_columns(steps_df: DataFrame) -> tuple[str, list[int]]:
    found: dict[str, list[int]] = {}
    for name in steps_df.data_columns:
        root, _, number = name.rpartition("_step_")
        if root and number.isdigit():
            found.setdefault(root, []).append(int(number))
    if not found:
        msg = (
            f"No navigation path columns (<name>_step_<n>) in {steps_df.data_columns}: pass the "
            "frame of FunnelDiscovery.get_navigation_paths()."
        )
        raise InvalidArgumentError(msg)
    if len(found) > 1:
        msg = (
            f"The frame has paths of several columns ({sorted(found)}); select the steps of "
            "one of them."
        )
        raise InvalidArgumentError(msg)
    ((prefix, numbers),) = found.items()
    return prefix, sorted(numbers)


def sankey_figure(links: Any, title: str = "Location Stack Flow") -> Any:
    """A plotly sankey figure of the links (a pandas frame: ``source``, ``target``, ``value``)."""
    go = require("plotly.graph_objects", "The sankey diagram")
    nodes = list(dict.fromkeys([*links["source"], *links["target"]]))
    number = {name: i for i, name in enumerate(nodes)}
    short = [name if len(name) <= 40 else name[:37] + "..." for name in nodes]
    figure = go.Figure(
        data=[
            go.Sankey(
                orientation="h",
                node={
                    "pad": 25,
                    "thickness": 15,
                    "line": {"color": "black", "width": 0.5},
                    "label": short,
                    "customdata": nodes,
                    "hovertemplate": "%{customdata}<extra></extra>",
                },
                link={
                    "source": [number[s] for s in links["source"]],
                    "target": [number[t] for t in links["target"]],
                    "value": [int(v) for v in links["value"]],
                    "hovertemplate": "%{source.customdata} → %{target.customdata}: %{value}"
                    "<extra></extra>",
                },
            )
        ]
    )
    figure.update_layout(title_text=title, font_size=12)
    return figure


def write_offline_html(figure: Any, path: str | Path) -> Path:
    """Write ``figure`` as a self-contained HTML file: plotly.js inline, no MathJax, no CDN."""
    path = Path(path)
    path.write_text(
        figure.to_html(include_plotlyjs=True, include_mathjax=False, full_html=True),
        encoding="utf-8",
    )
    return path


def write_image(figure: Any, path: str | Path) -> Path:
    """Write ``figure`` as a static image (PNG, SVG, PDF ... by the suffix), through kaleido."""
    require("kaleido", "A static image of the sankey diagram (plotly's write_image)")
    path = Path(path)
    try:
        figure.write_image(path)
    except (RuntimeError, ValueError) as error:  # kaleido without a browser to render with
        from objectiv_modelhub.optional import MissingDependencyError

        msg = (
            f"Writing the static image {str(path)!r} failed: {error}. plotly renders images "
            "with kaleido and a local Chrome/Chromium; install one, or write the offline HTML "
            "(html_path=...) instead."
        )
        raise MissingDependencyError(msg) from error
    return path


def show_offline(figure: Any) -> None:
    """Show ``figure`` without loading anything from the network.

    In a notebook: an HTML output with plotly.js inline. Elsewhere: a temporary self-contained
    HTML file opened in the web browser. (plotly's own renderers load MathJax, and the
    ``*_connected`` ones plotly.js, from a CDN.)
    """
    try:
        from IPython import get_ipython  # type: ignore[attr-defined]
    except ImportError:
        get_ipython = None
    shell = get_ipython() if get_ipython is not None else None
    if shell is not None and getattr(shell, "kernel", None) is not None:
        from IPython.display import HTML, display

        html = figure.to_html(include_plotlyjs=True, include_mathjax=False, full_html=False)
        display(HTML(html))
        return
    import tempfile
    import webbrowser

    handle, name = tempfile.mkstemp(prefix="objectiv_sankey_", suffix=".html")
    import os

    os.close(handle)
    webbrowser.open(write_offline_html(figure, name).as_uri())


def location_stack_paths(
    data: DataFrame, root_location: str | None = None, location_stack: Any = None
) -> DataFrame:
    """Parent -> child steps of every event's location stack (see ``visualize_location_stack``)."""
    stack = data.location_stack if location_stack is None else location_stack
    if isinstance(stack, str):
        stack = data[stack]
    if not isinstance(stack, SeriesJson) or stack.base_node != data.base_node:
        msg = (
            "location_stack must be a location stack column of the frame (its name or the "
            "Series), e.g. df.location_stack."
        )
        raise InvalidArgumentError(msg)
    stack = stack.astype("objectiv_location_stack").rename("__stack")
    frame = data[[]].copy() if data.index_columns else data.copy()
    frame["__stack"] = stack
    root = frame["__stack"].json[0]
    frame["__root_type"] = root.json.get_value("_type", as_str=True)
    frame["__root_id"] = root.json.get_value("id", as_str=True)
    if root_location is None:
        roots = frame[frame["__root_type"] == "RootLocationContext"]
        counts = roots["__root_id"].value_counts().to_pandas()
        if counts.empty:
            msg = "No event has a RootLocationContext: pass root_location=..."
            raise InvalidArgumentError(msg)
        # the most common root location (ties: the first name)
        top = counts[counts == counts.max()]
        root_location = sorted(top.index)[0]
    frame = frame[
        (frame["__root_type"] == "RootLocationContext") & (frame["__root_id"] == root_location)
    ]
    depth = frame["__stack"].json.get_array_length().max().value
    depth = int(depth or 0)
    event = frame.index_columns
    parts = []
    for position in range(depth):
        part = frame[["__stack"]].copy()
        element: Any = part["__stack"].json[position : position + 1]
        part["__name"] = element.astype("objectiv_location_stack").ls.nice_name
        part["__position"] = Series.from_value(part, position, name="__position")
        part = part[part["__stack"].json.get_array_length() > position]
        parts.append(part[["__name", "__position"]].reset_index())
    if not parts:
        msg = f"No location stack under the root location {root_location!r}."
        raise InvalidArgumentError(msg)
    flat = parts[0].append(parts[1:]) if len(parts) > 1 else parts[0]
    flat = flat.materialize(node_name="location_stack_elements")
    return navigation_paths(
        flat, steps=2, by=event or None, location_stack="__name", sort_by="__position"
    )


class FunnelDiscovery:
    """Discover the users' navigation paths, for funnel analysis (``mh.get_funnel_discovery()``).

    :meth:`get_navigation_paths` gives the paths (one row per start location) and
    :meth:`plot_sankey_diagram` draws them.

    Examples
    --------
    >>> import duckdb
    >>> from objectiv_modelhub import ModelHub
    >>> from objectiv_modelhub.native_table import write_events
    >>> from objectiv_modelhub.sample_data import generate_events
    >>> con = duckdb.connect()
    >>> _ = write_events(con, generate_events(300, seed=2, start='2022-01-01', days=3,
    ...                                       n_users=10))
    >>> mh = ModelHub()
    >>> df = mh.get_objectiv_dataframe(engine=con)
    >>> funnel = mh.get_funnel_discovery()
    >>> paths = funnel.get_navigation_paths(df, steps=3, by='user_id')
    >>> paths.columns
    ['location_stack_step_1', 'location_stack_step_2', 'location_stack_step_3']
    >>> con.close()
    """

    CONVERSTION_STEP_COLUMN = CONVERSION_STEP_COLUMN  # the original's spelling
    CONVERSION_STEP_COLUMN = CONVERSION_STEP_COLUMN

    def __repr__(self) -> str:
        return "FunnelDiscovery()"

    def get_navigation_paths(
        self,
        data: DataFrame,
        steps: int,
        by: Any = None,
        location_stack: Any = None,
        add_conversion_step_column: bool = False,
        only_converted_paths: bool = False,
        start_from_end: bool = False,
        n_examples: int | None = None,
        sort_by: str | None = None,
        construct_full_path: bool = False,
        start_at: str | list[str] | None = None,
    ) -> DataFrame:
        """The navigation paths: for every event, the locations of it and the next events.

        The events are put in order per ``by`` group (``sort_by``, default ``moment``, then
        the location's nice name, then ``event_id``). Each event starts a path: its location
        and those of the next ``steps - 1`` events of its group (missing where the group has
        no more events). The path that starts at the last event of a group of several events
        is left out (it would be a path of one location). For ``location_stack = [a, b, c, d]``
        (the locations of four events in time order) and ``steps=3`` the paths are
        ``a, b, c`` / ``b, c, d`` / ``c, d, None``.

        Parameters
        ----------
        data : DataFrame
            A frame from :meth:`ModelHub.get_objectiv_dataframe` (needs ``moment``, or the
            ``sort_by`` column).
        steps : int
            The number of locations per path (1 or more).
        by : str, Series or list of them, optional
            The groups whose events form separate sequences, e.g. ``'user_id'`` or
            ``'session_id'``. Default (None, or the original's ``not_set``): all events form
            one sequence. Not the location stack itself (``KeyError``).
        location_stack : str or Series, optional
            The locations: a location stack (json) column or Series of ``data``, e.g.
            ``df.location_stack.json[{'_type': 'LinkContext'}:]``, whose nice name is the step
            (``'Link: docs located at ...'``); or a string column, whose values are the steps.
            Default ``data.location_stack``.
        add_conversion_step_column : bool, default False
            Add ``_first_conversion_step_number``: the first step of the path whose event is a
            conversion (needs an ``is_conversion_event`` column, e.g.
            ``df['is_conversion_event'] = mh.map.is_conversion_event(df, name)``); missing when
            none is.
        only_converted_paths : bool, default False
            Keep only paths that reach a conversion after their first step, cut after that
            conversion (later steps missing). Needs ``is_conversion_event``.
        start_from_end : bool, default False
            Build the paths backwards: each path *ends* at its event, with the ``steps - 1``
            events before it (missing where there are none); the path of a group's first event
            is left out. With ``[a, b, c, d]`` and ``steps=3``: ``b, c, d`` / ``a, b, c`` /
            ``None, a, b``. Together with ``n_examples`` this keeps the paths to the users'
            last locations.
        n_examples : int, optional
            Keep only the first ``n_examples`` paths of each group (the last ones with
            ``start_from_end``). Default: all.
        sort_by : str, optional
            The column that orders the events (default ``'moment'``).
        construct_full_path : bool, default False
            Add ``<location_stack>_full_path``: the path's steps joined with ``' -> '``
            (missing steps left out). Not in the original 0.0.28.
        start_at : str or list of str, optional
            Keep only the paths whose first step is this location (nice name) or one of these.
            Not in the original 0.0.28.

        Returns
        -------
        DataFrame
            Indexed by the ``by`` columns (no index without ``by``), in the order of the groups
            and their events; string columns ``<location_stack>_step_1`` ..
            ``<location_stack>_step_<steps>`` (the column's name, ``location_stack`` by
            default), then the optional columns.

        Raises
        ------
        InvalidArgumentError
            For ``steps`` < 1, an unknown column, or conversion options without an
            ``is_conversion_event`` column.
        KeyError
            For ``by`` on the location stack itself.

        Examples
        --------
        The first path of each session, of three root locations (``n_examples=1``); session 4
        has one event:

        >>> import duckdb
        >>> from objectiv_modelhub import ModelHub
        >>> from objectiv_modelhub.native_table import write_events
        >>> from objectiv_modelhub.sample_data import generate_events
        >>> con = duckdb.connect()
        >>> _ = write_events(con, generate_events(300, seed=2, start='2022-01-01', days=3,
        ...                                       n_users=10))
        >>> mh = ModelHub()
        >>> df = mh.get_objectiv_dataframe(engine=con)
        >>> funnel = mh.get_funnel_discovery()
        >>> root = df.location_stack.json[:1]
        >>> paths = funnel.get_navigation_paths(df, steps=3, by='session_id',
        ...                                     location_stack=root, n_examples=1)
        >>> print(paths.to_pandas().head(4).reset_index().to_string(index=False))
         session_id location_stack_step_1 location_stack_step_2 location_stack_step_3
                  1   Root Location: home   Root Location: home   Root Location: home
                  2   Root Location: blog   Root Location: blog   Root Location: blog
                  3   Root Location: home   Root Location: home   Root Location: home
                  4   Root Location: home                   NaN                   NaN
        >>> paths = funnel.get_navigation_paths(df, steps=2, by='user_id', location_stack=root)
        >>> counts = paths.location_stack_step_2.value_counts().to_pandas()
        >>> counts.index[0], int(counts.iloc[0])
        ('Root Location: home', 113)
        >>> con.close()
        """
        return navigation_paths(
            data,
            steps,
            by=by,
            location_stack=location_stack,
            add_conversion_step_column=add_conversion_step_column,
            only_converted_paths=only_converted_paths,
            start_from_end=start_from_end,
            n_examples=n_examples,
            sort_by=sort_by,
            construct_full_path=construct_full_path,
            start_at=start_at,
        )

    def plot_sankey_diagram(
        self,
        steps_df: DataFrame,
        n_top_examples: int | None = None,
        show: bool = True,
        html_path: str | Path | None = None,
        image_path: str | Path | None = None,
        title: str = "Location Stack Flow",
    ) -> DataFrame:
        """Draw the paths of :meth:`get_navigation_paths` as a plotly sankey diagram.

        The nodes are the locations; a link ``source -> target`` is as wide as the number of
        paths in which ``target`` follows ``source`` (in any pair of consecutive steps).
        Drawing needs plotly (``pip install 'objectiv-bach[demo]'``); it never loads anything
        from the network: the HTML has plotly.js inline and no MathJax (``show`` too).

        Parameters
        ----------
        steps_df : DataFrame
            The frame of :meth:`get_navigation_paths` (its ``<name>_step_<n>`` columns).
        n_top_examples : int, optional
            Draw only the links of the most frequent ``n_top_examples`` paths (many paths make
            a slow diagram). The returned links are always of all paths.
        show : bool, default True
            Show the figure: inline in a notebook, else in a browser tab (a temporary offline
        HTML file).
        html_path : str or Path, optional
            Also write the figure as a self-contained (offline) HTML file.
        image_path : str or Path, optional
            Also write a static image (``.png``, ``.svg``, ``.pdf``); needs kaleido and a
            local Chrome/Chromium (plotly's image export).
        title : str, default 'Location Stack Flow'
            The figure's title.

        Returns
        -------
        DataFrame
            The links, columns ``source``, ``target`` and ``value`` (int64), most frequent
            first.

        Raises
        ------
        MissingDependencyError
            When plotly (or kaleido, for ``image_path``) is not installed; an ``ImportError``.
        InvalidArgumentError
            When ``steps_df`` has no path columns, or only one step.

        Examples
        --------
        >>> import duckdb, tempfile, pathlib
        >>> from objectiv_modelhub import ModelHub
        >>> from objectiv_modelhub.native_table import write_events
        >>> from objectiv_modelhub.sample_data import generate_events
        >>> con = duckdb.connect()
        >>> _ = write_events(con, generate_events(300, seed=2, start='2022-01-01', days=3,
        ...                                       n_users=10))
        >>> mh = ModelHub()
        >>> df = mh.get_objectiv_dataframe(engine=con)
        >>> funnel = mh.get_funnel_discovery()
        >>> paths = funnel.get_navigation_paths(df, steps=2, by='user_id',
        ...                                     location_stack=df.location_stack.json[:1])
        >>> html = pathlib.Path(tempfile.mkdtemp()) / 'funnel.html'
        >>> links = funnel.plot_sankey_diagram(paths, show=False, html_path=html)
        >>> top = links.to_pandas().iloc[0]
        >>> top.source, top.target, int(top.value)
        ('Root Location: home', 'Root Location: home', 86)
        >>> '<script src=' in html.read_text()  # plotly.js is inline
        False
        >>> con.close()
        """
        links = sankey_links(steps_df)
        drawn = links if n_top_examples is None else sankey_links(steps_df, n_top_examples)
        if show or html_path is not None or image_path is not None:
            frame = drawn.to_pandas()
            if frame.empty:
                print("There is no data to plot.")
                return links
            figure = sankey_figure(frame, title=title)
            if html_path is not None:
                write_offline_html(figure, html_path)
            if image_path is not None:
                write_image(figure, image_path)
            if show:
                show_offline(figure)
        return links
