"""Every chart of the application, drawn as SVG markup.

This is the one place where charts are drawn. The same strings are embedded in
HTML pages and in PDF reports rendered by WeasyPrint, so the output keeps to the
SVG subset both render alike:

* elements ``svg``, ``g``, ``rect``, ``line``, ``text``, ``title``, ``desc`` and ``a``;
* presentation attributes only: no ``style`` attribute and no ``<style>`` element
  (the Content-Security-Policy forbids inline styles), no scripts, no external
  references, no ``dominant-baseline`` (text is placed with explicit offsets);
* every chart has ``role="img"`` and is labelled by its ``<title>`` and by a
  ``<desc>`` that summarises the data in words for screen readers;
* every caller-supplied text is XML-escaped; the output is deterministic.

The module is pure Python (standard library only): no Django, no third-party
packages, so it can be used and tested anywhere.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Sequence
from xml.sax.saxutils import escape

__all__ = [
    "BRAND",
    "MISSING_FILL",
    "SCALE_DARK",
    "SCALE_LIGHT",
    "TEXT_DARK",
    "TEXT_LIGHT",
    "bar_chart",
    "distribution",
    "gantt",
    "heatmap",
    "scale_colour",
    "text_colour",
]

BRAND = "#1f6f50"
SCALE_LIGHT = "#f7fcf5"
SCALE_DARK = BRAND
MISSING_FILL = "#e9ecef"
MISSING_TEXT = "–"
TEXT_DARK = "#212529"
TEXT_LIGHT = "#ffffff"
BAR_LIGHT = "#8fc5a8"
AXIS = "#adb5bd"
MUTED_TEXT = "#495057"
FONT_FAMILY = "Helvetica, Arial, sans-serif"

LABEL_MAX_CHARS = 28
COLUMN_LABEL_MAX_CHARS = 40

_FONT_SIZE = 12
_VALUE_FONT_SIZE = 11
_SMALL_FONT_SIZE = 10
_PAD = 8
# Fraction of the font size from the vertical centre of a line of text down to its
# baseline: puts text visually centred at a y without ``dominant-baseline``.
_BASELINE_SHIFT = 0.35

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_UNSAFE_SCHEME = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)


# --------------------------------------------------------------------------- colours


def _parse_hex(colour: str) -> tuple[int, int, int]:
    value = colour.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    if len(value) != 6 or not re.fullmatch(r"[0-9a-fA-F]{6}", value):
        raise ValueError(f"Not a hex colour: {colour!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _hex(rgb: Sequence[float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(channel))):02x}" for channel in rgb)


def _relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a hex colour, from 0 (black) to 1 (white)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = _parse_hex(colour)
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _is_missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def scale_colour(value: float | None, vmin: float, vmax: float) -> str:
    """Return the fill (``#rrggbb``) of ``value`` on the sequential green scale.

    The scale runs from ``SCALE_LIGHT`` at ``vmin`` to the brand colour
    ``SCALE_DARK`` at ``vmax``, interpolated linearly in RGB; every channel falls
    monotonically, so a larger value never gets a lighter colour. Values outside
    ``[vmin, vmax]`` are clamped. ``None`` (or NaN) is a missing value and gets
    ``MISSING_FILL`` (light grey). Raises ``ValueError`` when ``vmax <= vmin``.
    """
    if not vmax > vmin:
        raise ValueError(f"vmax ({vmax}) must be greater than vmin ({vmin})")
    if _is_missing(value):
        return MISSING_FILL
    t = (float(value) - vmin) / (vmax - vmin)
    t = min(1.0, max(0.0, t))
    light, dark = _parse_hex(SCALE_LIGHT), _parse_hex(SCALE_DARK)
    return _hex([lo + (hi - lo) * t for lo, hi in zip(light, dark, strict=True)])


def text_colour(fill: str) -> str:
    """Return the text colour readable on ``fill``: white on dark fills, ``TEXT_DARK`` on light ones.

    The choice is the one of the two with the higher WCAG contrast ratio against
    ``fill``. Raises ``ValueError`` when ``fill`` is not a ``#rgb``/``#rrggbb`` colour.
    """
    return TEXT_LIGHT if _contrast(fill, TEXT_LIGHT) > _contrast(fill, TEXT_DARK) else TEXT_DARK


# --------------------------------------------------------------------------- markup helpers


def _clean(text: object) -> str:
    """Text with the characters XML 1.0 forbids removed."""
    return _XML_INVALID.sub("", str(text))


def _esc(text: object) -> str:
    return escape(_clean(text))


def _attr(text: object) -> str:
    return escape(_clean(text), {'"': "&quot;"})


def _num(x: float) -> str:
    """A coordinate, rounded to 2 decimals, without trailing zeros (deterministic)."""
    s = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _sanitise_id(chart_id: str) -> str:
    cid = re.sub(r"[^a-z0-9-]+", "-", str(chart_id).lower())
    cid = re.sub(r"-{2,}", "-", cid).strip("-")
    return cid or "chart"


def _truncate(label: str, limit: int = LABEL_MAX_CHARS) -> tuple[str, bool]:
    label = _clean(label)
    if len(label) <= limit:
        return label, False
    return label[: limit - 1].rstrip() + "…", True


def _text_width(text: str, font_size: float) -> float:
    """Rough advance width of ``text`` in Helvetica/Arial (a little generous, never measured)."""
    width = 0.0
    for ch in text:
        if ch in "il.,;:'|!I ":
            width += 0.3
        elif ch in "ftjr()[]-":
            width += 0.36
        elif ch in "mwMW@%":
            width += 0.9
        elif ch.isupper():
            width += 0.68
        else:
            width += 0.54
    return width * font_size


def _format(value_format: str, value: float) -> str:
    return value_format.format(value)


def _safe_href(href: str) -> str:
    if _UNSAFE_SCHEME.match(href):
        raise ValueError(f"Refusing a script or data link in a chart: {href!r}")
    return href


def _text(
    x: float,
    y: float,
    content: str,
    *,
    size: int = _FONT_SIZE,
    anchor: str = "start",
    fill: str = TEXT_DARK,
    tooltip: str | None = None,
    href: str | None = None,
    transform: str | None = None,
    bold: bool = False,
    css_class: str | None = None,
) -> str:
    """One ``<text>``; ``content`` is escaped here. A tooltip becomes a ``<title>`` child."""
    attrs = [f'x="{_num(x)}"', f'y="{_num(y)}"', f'font-size="{size}"', f'fill="{fill}"']
    if anchor != "start":
        attrs.append(f'text-anchor="{anchor}"')
    if bold:
        attrs.append('font-weight="bold"')
    if transform:
        attrs.append(f'transform="{transform}"')
    if css_class:
        attrs.append(f'class="{css_class}"')
    inner = _esc(content)
    if tooltip is not None:
        inner = f"<title>{_esc(tooltip)}</title>{inner}"
    element = f"<text {' '.join(attrs)}>{inner}</text>"
    if href is not None:
        element = f'<a href="{_attr(_safe_href(href))}">{element}</a>'
    return element


def _rect(x: float, y: float, w: float, h: float, fill: str, *, css_class: str = "", extra: str = "") -> str:
    cls = f' class="{css_class}"' if css_class else ""
    more = f" {extra}" if extra else ""
    return f'<rect{cls} x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" fill="{fill}"{more}/>'


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str = AXIS) -> str:
    return f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" stroke="{stroke}" stroke-width="1"/>'


def _svg(width: float, height: float, cid: str, title: str, desc: str, body: list[str]) -> str:
    w, h = _num(math.ceil(width)), _num(math.ceil(height))
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        f'role="img" aria-labelledby="{cid}-title {cid}-desc" font-family="{FONT_FAMILY}">'
        f'<title id="{cid}-title">{_esc(title)}</title>'
        f'<desc id="{cid}-desc">{_esc(desc)}</desc>'
    )
    return head + "".join(body) + "</svg>"


def _no_data(cid: str, title: str, description: str) -> str:
    desc = " ".join(part for part in (description, "No data.") if part)
    body = [
        _rect(0.5, 0.5, 239, 59, "#f8f9fa", extra='stroke="#dee2e6" stroke-width="1"'),
        _text(120, 30 + _FONT_SIZE * _BASELINE_SHIFT, "No data", anchor="middle", fill=MUTED_TEXT),
    ]
    return _svg(240, 60, cid, title, desc, body)


def _join_desc(description: str, summary: str) -> str:
    return " ".join(part.strip() for part in (description, summary) if part and part.strip())


# --------------------------------------------------------------------------- heatmap


def heatmap(
    *,
    rows: list[str],
    columns: list[str],
    values: list[list[float | None]],
    title: str,
    description: str = "",
    chart_id: str = "heatmap",
    vmin: float = 0.0,
    vmax: float = 4.0,
    value_format: str = "{:.1f}",
    row_links: list[str | None] | None = None,
    column_label_angle: int = -40,
) -> str:
    """Draw a rows × columns grid of coloured cells, each showing its formatted value.

    Promises:

    * ``values[i][j]`` is the cell of ``rows[i]`` and ``columns[j]``; there is one
      ``<rect class="cell">`` per cell, in row-major order, with a ``<title>``
      tooltip "row — column: value".
    * Fill from :func:`scale_colour` over ``[vmin, vmax]`` (values are clamped for
      colour only; the printed value is the real one), text colour from
      :func:`text_colour`. ``None`` (or NaN) is a missing cell: grey with "–".
    * Row labels on the left, truncated to 28 characters with "…" (the full label
      is kept in a ``<title>`` child); with ``row_links`` (one entry per row,
      ``None`` for no link) a label is wrapped in ``<a href>``.
    * Column labels on top, rotated by ``column_label_angle`` degrees (0 to -90;
      0 = horizontal and centred); labels over 40 characters are truncated the same
      way. The top and right margins are computed from the longest label.
    * A legend of 5 stepped colours (``vmin`` to ``vmax``, with their values) under the grid.
    * ``<desc>`` is ``description`` followed by a summary of the data in words.
    * Empty ``rows`` or ``columns``: a small "No data" chart.

    Raises ``ValueError`` when ``values`` is not ``len(rows)`` × ``len(columns)``, when
    ``row_links`` does not have one entry per row (or holds a ``javascript:``/``data:``
    link), when ``vmax <= vmin`` or when the angle is outside [-90, 0].
    """
    cid = _sanitise_id(chart_id)
    if len(values) != len(rows) or any(len(row) != len(columns) for row in values):
        shape = f"{len(values)} × {[len(row) for row in values]}"
        raise ValueError(f"values must be {len(rows)} rows × {len(columns)} columns, got {shape}")
    if row_links is not None and len(row_links) != len(rows):
        raise ValueError(f"row_links must have one entry per row ({len(rows)}), got {len(row_links)}")
    if not vmax > vmin:
        raise ValueError(f"vmax ({vmax}) must be greater than vmin ({vmin})")
    if not -90 <= column_label_angle <= 0:
        raise ValueError(f"column_label_angle must be between -90 and 0, got {column_label_angle}")
    if not rows or not columns:
        return _no_data(cid, title, description)

    cells: list[list[tuple[str, str, str]]] = []  # (formatted text, fill, text fill)
    for row in values:
        cells_row = []
        for value in row:
            fill = scale_colour(value, vmin, vmax)
            text = MISSING_TEXT if _is_missing(value) else _format(value_format, value)
            cells_row.append((text, fill, text_colour(fill)))
        cells.append(cells_row)

    legend_values = [vmin + (vmax - vmin) * i / 4 for i in range(5)]
    legend_texts = [_format(value_format, v) for v in legend_values]

    # Geometry.
    widest_value = max(_text_width(text, _VALUE_FONT_SIZE) for row in cells for text, _, _ in row)
    cell_w = max(44.0, math.ceil(widest_value + 12))
    cell_h = 28.0
    row_labels = [_truncate(label) for label in rows]
    col_labels = [_truncate(label, COLUMN_LABEL_MAX_CHARS) for label in columns]
    row_label_w = max(_text_width(label, _FONT_SIZE) for label, _ in row_labels)
    col_label_ws = [_text_width(label, _FONT_SIZE) for label, _ in col_labels]

    grid_left = _PAD + row_label_w + 8
    grid_w = cell_w * len(columns)
    grid_right = grid_left + grid_w
    angle = math.radians(column_label_angle)
    sin_a, cos_a = abs(math.sin(angle)), math.cos(angle)
    label_gap = 6.0
    if column_label_angle == 0:
        top_extent = _FONT_SIZE
        right_overflow = max(grid_left + cell_w * (j + 0.5) + w / 2 - grid_right for j, w in enumerate(col_label_ws))
    else:
        # The label starts at the column centre and runs up and to the right.
        top_extent = max(col_label_ws) * sin_a + _FONT_SIZE * cos_a
        right_overflow = max(
            grid_left + cell_w * (j + 0.5) + w * cos_a + _FONT_SIZE * sin_a / 2 - grid_right
            for j, w in enumerate(col_label_ws)
        )
    grid_top = _PAD + math.ceil(top_extent) + label_gap
    grid_bottom = grid_top + cell_h * len(rows)

    step_w = max(40.0, max(_text_width(t, _SMALL_FONT_SIZE) for t in legend_texts) + 8)
    legend_top = grid_bottom + 16
    legend_h = 14.0
    legend_right = grid_left + step_w * 5

    width = max(grid_right + max(0.0, right_overflow), legend_right) + _PAD
    height = legend_top + legend_h + 4 + _SMALL_FONT_SIZE + _PAD

    body: list[str] = []

    # Column labels.
    body.append(f'<g id="{cid}-columns">')
    for j, (label, truncated) in enumerate(col_labels):
        cx = grid_left + cell_w * (j + 0.5)
        tooltip = _clean(columns[j]) if truncated else None
        if column_label_angle == 0:
            body.append(_text(cx, grid_top - label_gap, label, anchor="middle", tooltip=tooltip))
        else:
            transform = f"translate({_num(cx)},{_num(grid_top - label_gap)}) rotate({column_label_angle})"
            body.append(_text(0, _FONT_SIZE * _BASELINE_SHIFT, label, transform=transform, tooltip=tooltip))
    body.append("</g>")

    # Row labels.
    body.append(f'<g id="{cid}-rows">')
    for i, (label, truncated) in enumerate(row_labels):
        cy = grid_top + cell_h * (i + 0.5)
        href = row_links[i] if row_links is not None else None
        body.append(
            _text(
                grid_left - 8,
                cy + _FONT_SIZE * _BASELINE_SHIFT,
                label,
                anchor="end",
                tooltip=_clean(rows[i]) if truncated else None,
                href=href,
            )
        )
    body.append("</g>")

    # Cells.
    body.append(f'<g id="{cid}-cells">')
    for i, cells_row in enumerate(cells):
        for j, (text, fill, fg) in enumerate(cells_row):
            x, y = grid_left + cell_w * j, grid_top + cell_h * i
            tip = f"{_clean(rows[i])} — {_clean(columns[j])}: {'no data' if text == MISSING_TEXT else text}"
            rect = _rect(x, y, cell_w, cell_h, fill, css_class="cell", extra='stroke="#ffffff" stroke-width="1"')
            body.append(rect[:-2] + f"><title>{_esc(tip)}</title></rect>")
            body.append(
                _text(
                    x + cell_w / 2,
                    y + cell_h / 2 + _VALUE_FONT_SIZE * _BASELINE_SHIFT,
                    text,
                    size=_VALUE_FONT_SIZE,
                    anchor="middle",
                    fill=fg,
                )
            )
    body.append("</g>")

    # Legend: the gradient as 5 steps, each with its value underneath.
    body.append(f'<g id="{cid}-legend">')
    for k, (value, text) in enumerate(zip(legend_values, legend_texts, strict=True)):
        x = grid_left + step_w * k
        body.append(_rect(x, legend_top, step_w, legend_h, scale_colour(value, vmin, vmax), css_class="legend-step"))
        body.append(
            _text(
                x + step_w / 2,
                legend_top + legend_h + 4 + _SMALL_FONT_SIZE * 0.8,
                text,
                size=_SMALL_FONT_SIZE,
                anchor="middle",
                fill=MUTED_TEXT,
            )
        )
    body.append(_rect(grid_left, legend_top, step_w * 5, legend_h, "none", extra=f'stroke="{AXIS}" stroke-width="0.5"'))
    body.append("</g>")

    desc = _join_desc(description, _heatmap_summary(rows, columns, values, value_format, vmin, vmax))
    return _svg(width, height, cid, title, desc, body)


def _heatmap_summary(
    rows: list[str],
    columns: list[str],
    values: list[list[float | None]],
    value_format: str,
    vmin: float,
    vmax: float,
) -> str:
    present = [(float(v), i, j) for i, row in enumerate(values) for j, v in enumerate(row) if not _is_missing(v)]
    total = len(rows) * len(columns)
    parts = [f"Grid of {len(rows)} rows by {len(columns)} columns, colour scale from {vmin:g} to {vmax:g}."]
    if present:
        low = min(present, key=lambda item: (item[0], item[1], item[2]))
        high = max(present, key=lambda item: (item[0], -item[1], -item[2]))
        mean = sum(v for v, _, _ in present) / len(present)
        parts.append(
            f"Lowest {_format(value_format, low[0])} ({_clean(rows[low[1]])}, {_clean(columns[low[2]])}); "
            f"highest {_format(value_format, high[0])} ({_clean(rows[high[1]])}, {_clean(columns[high[2]])}); "
            f"mean {_format(value_format, mean)}."
        )
    missing = total - len(present)
    if missing:
        parts.append(f"Cells without data: {missing} of {total}.")
    return " ".join(parts)


# --------------------------------------------------------------------------- bar chart


def bar_chart(
    *,
    labels: list[str],
    values: list[float],
    title: str,
    description: str = "",
    chart_id: str = "bars",
    max_value: float | None = None,
    value_format: str = "{:.1f}",
    highlight: set[int] | None = None,
) -> str:
    """Draw horizontal bars, one row per label: label on the left, bar, formatted value at the bar end.

    Promises:

    * One ``<rect class="bar">`` per label, in order; its width is proportional
      to ``value / max_value`` (bars longer than ``max_value`` are capped at the
      full width, the printed value stays the real one).
    * ``max_value`` defaults to ``max(values)``, or 1 when all values are zero.
    * Indices in ``highlight`` are drawn in the brand colour with a bold label,
      the others in a lighter green.
    * Labels over 28 characters are truncated with "…" (full label in a ``<title>``).
    * ``<desc>`` is ``description`` followed by every label with its value.
    * No labels: a small "No data" chart.

    Raises ``ValueError`` on a negative or NaN value, on ``labels``/``values`` of
    different lengths, or on a ``max_value`` that is not positive.
    """
    cid = _sanitise_id(chart_id)
    if len(labels) != len(values):
        raise ValueError(f"labels ({len(labels)}) and values ({len(values)}) must have the same length")
    for value in values:
        if value is None or math.isnan(value) or value < 0:
            raise ValueError(f"bar values must be numbers >= 0, got {value!r}")
    if max_value is not None and not max_value > 0:
        raise ValueError(f"max_value must be positive, got {max_value!r}")
    if not labels:
        return _no_data(cid, title, description)

    highlight = highlight or set()
    scale_max = max_value if max_value is not None else (max(values) or 1.0)
    texts = [_format(value_format, v) for v in values]
    truncated_labels = [_truncate(label) for label in labels]

    bar_area = 320.0
    bar_h = 18.0
    row_h = 26.0
    label_w = max(_text_width(label, _FONT_SIZE) for label, _ in truncated_labels)
    bar_left = _PAD + label_w + 10
    value_w = max(_text_width(t, _FONT_SIZE) for t in texts)
    top = _PAD
    width = bar_left + bar_area + 6 + value_w + _PAD
    height = top + row_h * len(labels) + _PAD

    body: list[str] = [f'<g id="{cid}-bars">']
    for i, ((label, truncated), value, text) in enumerate(zip(truncated_labels, values, texts, strict=True)):
        row_top = top + row_h * i
        cy = row_top + row_h / 2
        bar_w = bar_area * min(value, scale_max) / scale_max
        is_highlighted = i in highlight
        fill = BRAND if is_highlighted else BAR_LIGHT
        body.append(
            _text(
                bar_left - 10,
                cy + _FONT_SIZE * _BASELINE_SHIFT,
                label,
                anchor="end",
                tooltip=_clean(labels[i]) if truncated else None,
                bold=is_highlighted,
            )
        )
        rect = _rect(bar_left, cy - bar_h / 2, bar_w, bar_h, fill, css_class="bar")
        body.append(rect[:-2] + f"><title>{_esc(f'{_clean(labels[i])}: {text}')}</title></rect>")
        body.append(_text(bar_left + bar_w + 6, cy + _FONT_SIZE * _BASELINE_SHIFT, text, bold=is_highlighted))
    body.append(_line(bar_left, top, bar_left, top + row_h * len(labels)))
    body.append("</g>")

    summary = "; ".join(f"{_clean(label)}: {text}" for label, text in zip(labels, texts, strict=True))
    desc = _join_desc(description, f"{len(labels)} bars. {summary}.")
    return _svg(width, height, cid, title, desc, body)


# --------------------------------------------------------------------------- distribution


def distribution(
    *,
    counts: dict[int, int],
    title: str,
    description: str = "",
    chart_id: str = "dist",
    categories: list[int] | None = None,
    category_labels: dict[int, str] | None = None,
) -> str:
    """Draw a vertical column histogram of ``counts`` per category.

    Promises:

    * One ``<rect class="column">`` per category, in the order of ``categories``
      (default 1..5); a category missing from ``counts`` counts 0.
    * Column heights on a y scale from 0 to the largest count (at least 1); the
      count is printed above each column, the category label
      (``category_labels[c]``, default ``str(c)``, truncated to 28 characters) under it.
    * ``<desc>`` is ``description`` followed by each category with its count and the total.
    * An empty ``categories`` list: a small "No data" chart.

    Raises ``ValueError`` on a negative count or on a count for a category that
    is not in ``categories`` (it would silently vanish from the chart).
    """
    cid = _sanitise_id(chart_id)
    cats = list(categories) if categories is not None else [1, 2, 3, 4, 5]
    unknown = sorted(set(counts) - set(cats), key=str)
    if unknown:
        raise ValueError(f"counts for categories not in {cats}: {unknown}")
    if any(count < 0 for count in counts.values()):
        raise ValueError("counts must be >= 0")
    if not cats:
        return _no_data(cid, title, description)

    category_labels = category_labels or {}
    series = [(c, int(counts.get(c, 0))) for c in cats]
    labels = [_truncate(category_labels.get(c, str(c))) for c in cats]
    y_max = max(1, max(n for _, n in series))

    col_w = max(36.0, max(_text_width(label, _SMALL_FONT_SIZE) for label, _ in labels) + 8)
    gap = 12.0
    axis_label_w = _text_width(str(y_max), _SMALL_FONT_SIZE) + 6
    plot_left = _PAD + axis_label_w
    plot_top = _PAD + _SMALL_FONT_SIZE + 6  # room for the count above the tallest column
    plot_h = 140.0
    baseline = plot_top + plot_h
    width = plot_left + gap + (col_w + gap) * len(cats) + _PAD
    height = baseline + 6 + _SMALL_FONT_SIZE + _PAD

    body: list[str] = [f'<g id="{cid}-columns">']
    # Y scale: gridline and label at the top of the scale, plus 0 at the baseline.
    body.append(_line(plot_left, plot_top, width - _PAD, plot_top, stroke="#dee2e6"))
    body.append(
        _text(
            plot_left - 4,
            plot_top + _SMALL_FONT_SIZE * _BASELINE_SHIFT,
            str(y_max),
            size=_SMALL_FONT_SIZE,
            anchor="end",
            fill=MUTED_TEXT,
        )
    )
    body.append(
        _text(
            plot_left - 4,
            baseline + _SMALL_FONT_SIZE * _BASELINE_SHIFT,
            "0",
            size=_SMALL_FONT_SIZE,
            anchor="end",
            fill=MUTED_TEXT,
        )
    )
    for k, ((category, count), (label, truncated)) in enumerate(zip(series, labels, strict=True)):
        x = plot_left + gap + (col_w + gap) * k
        h = plot_h * count / y_max
        rect = _rect(x, baseline - h, col_w, h, BRAND, css_class="column")
        tip = f"{_clean(category_labels.get(category, str(category)))}: {count}"
        body.append(rect[:-2] + f"><title>{_esc(tip)}</title></rect>")
        body.append(_text(x + col_w / 2, baseline - h - 4, str(count), size=_SMALL_FONT_SIZE, anchor="middle"))
        body.append(
            _text(
                x + col_w / 2,
                baseline + 4 + _SMALL_FONT_SIZE * 0.8,
                label,
                size=_SMALL_FONT_SIZE,
                anchor="middle",
                tooltip=_clean(category_labels.get(category, str(category))) if truncated else None,
            )
        )
    body.append(_line(plot_left, baseline, width - _PAD, baseline))
    body.append("</g>")

    total = sum(n for _, n in series)
    summary = "; ".join(f"{_clean(category_labels.get(c, str(c)))}: {n}" for c, n in series)
    desc = _join_desc(description, f"{total} in total. {summary}.")
    return _svg(width, height, cid, title, desc, body)


# --------------------------------------------------------------------------- gantt


_GANTT_MAX_TICKS = 12
_GANTT_MIN_BAR = 3.0


def _month_start(moment: datetime.datetime, months_ahead: int = 0) -> datetime.datetime:
    index = moment.year * 12 + moment.month - 1 + months_ahead
    return moment.replace(year=index // 12, month=index % 12 + 1, day=1, hour=0, minute=0, second=0, microsecond=0)


def _gantt_ticks(start: datetime.datetime, end: datetime.datetime) -> tuple[list[datetime.datetime], str]:
    """Tick moments inside [start, end] and their label format: days up to a month, else months."""
    if end - start <= datetime.timedelta(days=31):
        first = start.replace(hour=0, minute=0, second=0, microsecond=0)
        if first < start:
            first += datetime.timedelta(days=1)
        days = max(0, (end - first).days + 1)
        step = max(1, math.ceil(days / _GANTT_MAX_TICKS))
        ticks = [first + datetime.timedelta(days=d) for d in range(0, days, step)]
        return [t for t in ticks if t <= end], "%m-%d"
    first_index = 0 if _month_start(start) == start else 1
    months = []
    while _month_start(start, first_index + len(months)) <= end:
        months.append(_month_start(start, first_index + len(months)))
    step = max(1, math.ceil(len(months) / _GANTT_MAX_TICKS))
    return months[::step], "%Y-%m"


def _moment(value: datetime.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


def _period(start: datetime.datetime, end: datetime.datetime) -> str:
    until = end.strftime("%H:%M") if end.date() == start.date() else _moment(end)
    return f"{_moment(start)} – {until}"


def gantt(
    *,
    rows: list[tuple[str, datetime.datetime, datetime.datetime]],
    title: str,
    description: str = "",
    chart_id: str = "gantt",
) -> str:
    """Draw one horizontal bar per row on a shared time axis, from the row's start to its end.

    Promises:

    * One ``<rect class="bar">`` per row, in the order given, with a ``<title>`` tooltip
      "label: start – end". Its x and width are proportional to the times on an axis running
      from the earliest start to the latest end; a bar is at least 3 units wide, so that an
      hour-long session in a year-long programme stays visible.
    * Row labels on the left, truncated to 28 characters with "…" (full label in a ``<title>``).
    * Ticks with vertical grid lines, labelled above the bars: every day (``MM-DD``) when the
      axis spans up to 31 days, else the first day of every month (``YYYY-MM``); at most 12
      ticks, spaced evenly.
    * Times are drawn as given, without time-zone conversion: pass them in the zone the reader
      expects.
    * ``<desc>`` is ``description`` followed by the number of bars, the span of the axis and
      every label with its dates.
    * No rows: a small "No data" chart.

    Raises ``ValueError`` when a row ends before it starts, or when time-zone-aware and naive
    datetimes are mixed.
    """
    cid = _sanitise_id(chart_id)
    if len({moment.tzinfo is None for _, start, end in rows for moment in (start, end)}) > 1:
        raise ValueError("rows mix time-zone-aware and naive datetimes")
    for label, start, end in rows:
        if end < start:
            raise ValueError(f"row {label!r} ends before it starts")
    if not rows:
        return _no_data(cid, title, description)

    axis_start = min(start for _, start, _ in rows)
    axis_end = max(end for _, _, end in rows)
    if axis_end == axis_start:
        axis_end = axis_start + datetime.timedelta(hours=1)
    span = (axis_end - axis_start).total_seconds()
    ticks, tick_format = _gantt_ticks(axis_start, axis_end)

    labels = [_truncate(label) for label, _, _ in rows]
    label_w = max(_text_width(label, _FONT_SIZE) for label, _ in labels)
    plot_left = _PAD + label_w + 10
    plot_w = 560.0
    row_h, bar_h = 24.0, 14.0
    grid_top = _PAD + _SMALL_FONT_SIZE + 8
    grid_bottom = grid_top + row_h * len(rows)
    tick_label_room = max((_text_width(t.strftime(tick_format), _SMALL_FONT_SIZE) for t in ticks), default=0)
    width = plot_left + plot_w + tick_label_room / 2 + _PAD
    height = grid_bottom + _PAD

    def x_of(moment: datetime.datetime) -> float:
        return plot_left + plot_w * (moment - axis_start).total_seconds() / span

    # Stripes first, so that the grid lines show on top of them.
    body: list[str] = [
        _rect(plot_left, grid_top + row_h * i, plot_w, row_h, "#f8f9fa", css_class="stripe")
        for i in range(0, len(rows), 2)
    ]
    body.append(f'<g id="{cid}-axis">')
    for tick in ticks:
        x = x_of(tick)
        body.append(_line(x, grid_top, x, grid_bottom, stroke="#dee2e6"))
        body.append(
            _text(x, grid_top - 6, tick.strftime(tick_format), size=_SMALL_FONT_SIZE, anchor="middle", fill=MUTED_TEXT)
        )
    body.append(_line(plot_left, grid_top, plot_left, grid_bottom))
    body.append("</g>")

    body.append(f'<g id="{cid}-bars">')
    for i, ((label, truncated), (full_label, start, end)) in enumerate(zip(labels, rows, strict=True)):
        row_top = grid_top + row_h * i
        cy = row_top + row_h / 2
        body.append(
            _text(
                plot_left - 10,
                cy + _FONT_SIZE * _BASELINE_SHIFT,
                label,
                anchor="end",
                tooltip=_clean(full_label) if truncated else None,
            )
        )
        x = min(x_of(start), plot_left + plot_w - _GANTT_MIN_BAR)
        bar_w = max(_GANTT_MIN_BAR, x_of(end) - x)
        rect = _rect(x, cy - bar_h / 2, bar_w, bar_h, BRAND, css_class="bar")
        body.append(rect[:-2] + f"><title>{_esc(f'{_clean(full_label)}: {_period(start, end)}')}</title></rect>")
    body.append("</g>")

    summary = "; ".join(f"{_clean(label)}: {_period(start, end)}" for label, start, end in rows)
    count = f"{len(rows)} bar" if len(rows) == 1 else f"{len(rows)} bars"
    desc = _join_desc(description, f"{count} from {_moment(axis_start)} to {_moment(axis_end)}. {summary}.")
    return _svg(width, height, cid, title, desc, body)
