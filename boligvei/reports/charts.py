"""Charts for the programme reports as plain SVG text: the same markup is inlined in the page and
embedded in the yearly PDF (Typst: `image(bytes(svg), format: "svg", width: 100%)`).

Why hand-written: the site's content security policy allows no inline script and no `style`
attribute or element, and matplotlib and pygal emit both. Everything here is drawn with SVG
presentation attributes (fill, stroke, font-size, text-anchor ...) and nothing moves.

- Accessible: the root is `<svg role="img" aria-labelledby="<prefix>-title <prefix>-desc">` with a
  `<title>` and a `<desc>`; every id (also the hatch patterns') starts with `id_prefix`, so several
  charts can share a page. Text is #1E2B3C on white (14.3:1); the series colours have at least
  4.5:1 against white (so they also serve as a 3:1 graphical contrast), and series differ by more
  than colour: bars by fill pattern (solid, hatched, cross-hatched, dotted), lines by dash and
  marker shape, so they read in black-and-white print. Every chart carries its legend.
  The page shows the same numbers as a table; the SVG is not the only way to get them.
- Printable: white background, dark text, sizes in user units of a viewBox, `width="100%"`.
  The font list (Inter as in Designsystemet, then Arial-likes) is for the browser; Typst draws SVG
  text in the document's own font when it has none of them.
- Safe: every label, title and number is XML-escaped here (and characters XML cannot carry are
  dropped), so callers may pass user text unchanged and mark the returned string safe.
  `id_prefix` must be a plain identifier (letters, digits, "-", "_"), since it goes into ids
  and `url(#...)` references; anything else raises ValueError.
- Norwegian numbers: thousands separated by a no-break space, decimal comma, "42 %".
"""

import math
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _

NBSP = "\u00a0"
TEXT = "#1E2B3C"  # 14.3:1 on white
GRID = "#D2D5D9"  # light gridlines: decoration only, values are labelled
FONT = "Inter, Arial, Liberation Sans, Helvetica, sans-serif"
# (colour, pattern) per series; contrast against white: 6.1, 4.6, 4.7, 7.2
SERIES = [("#0062BA", "solid"), ("#B85C00", "hatch"), ("#068718", "cross"), ("#6E3EA8", "dots")]
DASHES = [None, "7 4", "2 3", "10 3 2 3"]
WIDTH, HEIGHT = 640, 360
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def format_number(value: float, decimals: int | None = None) -> str:
    """1234567.5 -> "1 234 567,5" (no-break spaces). Without `decimals`: whole numbers as such,
    others with at most two decimals."""
    auto = decimals is None
    if auto:
        decimals = 0 if float(value).is_integer() else 2
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{abs(rounded):,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    if auto and decimals:
        text = text.rstrip("0").rstrip(",")
    return ("\u2212" if rounded < 0 else "") + text


def format_percent(part: float, whole: float) -> str:
    """Share as "42 %" (one decimal below 10 %: "4,2 %"); "–" when the whole is 0."""
    if not whole:
        return "–"
    share = 100 * part / whole
    return format_number(share, 1 if 0 < share < 10 else 0) + NBSP + "%"


def _clean(text: str) -> str:
    return escape(_NOT_XML.sub("", str(text)))


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _el(tag: str, content: str | None = None, **attrs) -> str:
    parts = [tag]
    for key, value in attrs.items():
        if value is not None:
            value = _num(value) if isinstance(value, float | int) else value
            parts.append(f"{key.rstrip('_').replace('_', '-')}={quoteattr(_NOT_XML.sub('', str(value)))}")
    head = " ".join(parts)
    return f"<{head}/>" if content is None else f"<{head}>{content}</{tag}>"


def _text(x: float, y: float, text: str, size: float = 13, anchor: str = "start", **attrs) -> str:
    return _el("text", _clean(text), x=x, y=y, font_size=size, text_anchor=anchor, fill=TEXT, **attrs)


def _text_width(text: str, size: float) -> float:
    """A generous estimate of the rendered width (Arial-like proportions)."""
    narrow, wide = set("ijlrtf.,:;!|' ()[]"), set("mwMWÆæ%@")
    ems = sum(0.3 if c in narrow else 0.9 if c in wide else 0.68 if c.isupper() else 0.56 for c in str(text))
    return ems * size


def _fit(text: str, size: float, width: float) -> str:
    """`text`, cut short with "…" to fit `width`."""
    while _text_width(text, size) > width and len(text) > 2:
        text = text.rstrip("…")[:-1] + "…"
    return text


def _check(id_prefix: str, numbers: list) -> None:
    if not _ID.match(id_prefix):
        raise ValueError(f"id_prefix must be a plain identifier, not {id_prefix!r}")
    if any(v is not None and v < 0 for v in numbers):
        raise ValueError("the charts draw counts and amounts from zero: no negative values")


def _svg(id_prefix: str, title: str, description: str, width: float, height: float, body: list[str],
         defs: list[str] = ()) -> str:
    return _el("svg", "".join([
        _el("title", _clean(title), id=f"{id_prefix}-title"), _el("desc", _clean(description), id=f"{id_prefix}-desc"),
        _el("defs", "".join(defs)) if defs else "",
        _el("rect", x=0, y=0, width=width, height=height, fill="#FFFFFF"), *body,
    ]), xmlns="http://www.w3.org/2000/svg", viewBox=f"0 0 {_num(width)} {_num(height)}", width="100%", role="img",
        aria_labelledby=f"{id_prefix}-title {id_prefix}-desc", font_family=FONT)


def _no_data(id_prefix: str, title: str, description: str) -> str:
    return _svg(id_prefix, title, description, WIDTH, 80, [_text(WIDTH / 2, 45, _("Ingen data"), 16, "middle")])


def _patterns(id_prefix: str, count: int) -> tuple[list[str], list[str]]:
    """The `<pattern>` defs and the fill of each series (a colour, or url(#...) of a pattern)."""
    defs, fills = [], []
    for index in range(count):
        colour, kind = SERIES[index % len(SERIES)]
        if kind == "solid":
            fills.append(colour)
            continue
        pid = f"{id_prefix}-pattern-{index}"
        white = _el("rect", x=0, y=0, width=8, height=8, fill="#FFFFFF")
        if kind == "dots":
            marks = _el("circle", cx=4, cy=4, r=2.2, fill=colour)
        else:
            marks = _el("rect", x=0, y=0, width=3.5, height=8, fill=colour)
            if kind == "cross":
                marks += _el("rect", x=0, y=0, width=8, height=3.5, fill=colour)
        defs.append(_el("pattern", white + marks, id=pid, patternUnits="userSpaceOnUse", width=8, height=8,
                        patternTransform=None if kind == "dots" else "rotate(45)"))
        fills.append(f"url(#{pid})")
    return defs, fills


def _legend(items: list[tuple[str, Callable[[float, float], str]]], width: float,
            top: float = 8) -> tuple[list[str], float]:
    """Legend entries left to right, wrapping; each swatch is drawn by its function at (x, y-centre).
    Returns the markup and the y below it."""
    out, x, y = [], 12.0, top + 10
    for label, swatch in items:
        item_width = 28 + _text_width(label, 13)
        if x > 12 and x + item_width > width - 12:
            x, y = 12.0, y + 22
        out.append(swatch(x, y) + _text(x + 28, y + 4.5, label))
        x += item_width + 20
    return out, y + 16


def _nice_scale(high: float, integer: bool) -> tuple[float, float]:
    """A step and top for 4-6 gridlines over 0..high (whole steps for whole-number data)."""
    high = high if high > 0 else 1
    exponent = math.floor(math.log10(high / 6))
    for power in range(exponent, exponent + 3):
        for mantissa in (1, 2, 2.5, 5):
            step = mantissa * 10.0**power
            if integer and not step.is_integer():
                continue
            intervals = math.ceil(high / step - 1e-9)
            if intervals <= 6:
                return step, step * max(intervals, 4)
    raise AssertionError("unreachable")


def _y_axis(step: float, top: float, left: float, right: float, y_of: Callable[[float], float],
            fmt: Callable[[float], str]) -> list[str]:
    out = []
    for i in range(round(top / step) + 1):
        value = round(i * step, 10)
        y = y_of(value)
        out.append(_el("line", x1=left, y1=y, x2=right, y2=y, stroke=GRID if i else TEXT, stroke_width=1))
        out.append(_text(left - 6, y + 4, fmt(value), 12, "end"))
    return out


def _default_format(value: float) -> str:
    return format_number(value)


def _axis_label_width(step: float, top: float, fmt: Callable[[float], str]) -> float:
    return max(_text_width(fmt(round(i * step, 10)), 12) for i in range(round(top / step) + 1))


def bar_chart(*, id_prefix: str, title: str, description: str, categories: list[str],
              series: list[tuple[str, list[int | float]]], stacked: bool = True,
              value_format: Callable[[float], str] | None = None, y_label: str = "") -> str:
    """Vertical bars, one group per category; series stacked (total on top) or side by side
    (each bar labelled)."""
    fmt = value_format or _default_format
    values = [[(v or 0) for v in (list(vals) + [0] * len(categories))[:len(categories)]] for _, vals in series]
    _check(id_prefix, sum(values, []))
    if not categories or not series:
        return _no_data(id_prefix, title, description)
    defs, fills = _patterns(id_prefix, len(series))
    strokes = [SERIES[i % len(SERIES)][0] for i in range(len(series))]
    legend, y = _legend([(label, lambda x, yc, i=i: _el("rect", x=x, y=yc - 8, width=18, height=16, fill=fills[i],
                                                           stroke=strokes[i], stroke_width=1.5))
                         for i, (label, _) in enumerate(series)], WIDTH)
    totals = [sum(col) for col in zip(*values, strict=True)]
    high = max(totals) if stacked else max(max(v) for v in values)
    integer = all(float(v).is_integer() for v in sum(values, []))
    step, top = _nice_scale(high, integer)
    left = 14 + _axis_label_width(step, top, fmt)
    right = WIDTH - 12
    slot = (right - left) / len(categories)
    label_width = max(_text_width(c, 12) for c in categories)
    rotate = label_width > slot - 4  # then at 45°, cut at 110 units, with room for the first on the left
    if rotate and min(label_width, 110) * 0.71 + 8 - slot / 2 > left:
        left = min(label_width, 110) * 0.71 + 8 - slot / 2
        slot = (right - left) / len(categories)
    bottom = HEIGHT - (min(label_width, 110) * 0.72 + 16 if rotate else 26)
    if y_label:
        legend.append(_text(12, y + 12, y_label, 12))
        y += 18
    plot_top = y + 20  # room for the value label over the tallest bar

    def y_of(value: float) -> float:
        return bottom - (bottom - plot_top) * value / top

    body = legend + _y_axis(step, top, left, right, y_of, fmt)
    groups = 1 if stacked else len(series)
    bar_width = slot * 0.7 / groups
    label_size = 12
    widest = max(_text_width(fmt(v), 12) for v in (totals if stacked else sum(values, [])))
    if widest > bar_width:
        label_size = max(9, 12 * bar_width / widest)
    show_labels = widest * label_size / 12 <= bar_width + slot * 0.3 / groups
    for c, category in enumerate(categories):
        x0 = left + slot * c + slot * 0.15
        base = 0.0
        for s, (name, _values) in enumerate(series):
            value = values[s][c]
            x = x0 if stacked else x0 + bar_width * s
            low = base if stacked else 0.0
            if value:
                tip = _el("title", _clean(f"{category} – {name}: {fmt(value)}"))
                body.append(_el("rect", tip, x=x, y=y_of(low + value), width=bar_width,
                                height=y_of(low) - y_of(low + value), fill=fills[s], stroke=strokes[s],
                                stroke_width=1.5, class_="chart-bar", data_series=s, data_category=c))
            if not stacked and show_labels:
                body.append(_text(x + bar_width / 2, y_of(value) - 5, fmt(value), label_size, "middle"))
            base += value
        if stacked and show_labels:
            body.append(_text(x0 + bar_width / 2, y_of(totals[c]) - 5, fmt(totals[c]), label_size, "middle",
                              font_weight="bold", class_="chart-total"))
        cx = left + slot * (c + 0.5)
        if rotate:
            body.append(_text(cx + 4, bottom + 14, _fit(category, 12, 110), 12, "end",
                              transform=f"rotate(-45 {_num(cx + 4)} {_num(bottom + 14)})"))
        else:
            body.append(_text(cx, bottom + 18, category, 12, "middle"))
    body.append(_el("line", x1=left, y1=bottom, x2=right, y2=bottom, stroke=TEXT, stroke_width=1.5))
    return _svg(id_prefix, title, description, WIDTH, HEIGHT, body, defs)


def line_chart(*, id_prefix: str, title: str, description: str, x_labels: list[str],
               series: list[tuple[str, list[int | float | None]]], y_label: str = "",
               value_format: Callable[[float], str] | None = None, max_x_ticks: int = 12) -> str:
    """One line per series over evenly spaced points (None leaves a gap); the second series is
    dashed, markers (circle, square ...) only with 24 points or fewer; the last value of each line
    is written at its end."""
    fmt = value_format or _default_format
    points = [[v for v in (list(vals) + [None] * len(x_labels))[:len(x_labels)]] for _, vals in series]
    present = [v for vals in points for v in vals if v is not None]
    _check(id_prefix, present)
    if not x_labels or not present:
        return _no_data(id_prefix, title, description)
    n = len(x_labels)
    colours = [SERIES[i % len(SERIES)][0] for i in range(len(series))]
    dashes = [DASHES[i % len(DASHES)] for i in range(len(series))]
    with_markers = n <= 24

    def marker(s: int, x: float, y: float) -> str:
        if s % 2:
            return _el("rect", x=x - 4, y=y - 4, width=8, height=8, fill="#FFFFFF", stroke=colours[s], stroke_width=2)
        return _el("circle", cx=x, cy=y, r=4, fill=colours[s])

    legend, y = _legend([(label, lambda x, yc, s=s: _el("line", x1=x, y1=yc, x2=x + 22, y2=yc, stroke=colours[s],
                                                          stroke_width=2.5, stroke_dasharray=dashes[s])
                          + (marker(s, x + 11, yc) if with_markers else ""))
                         for s, (label, _) in enumerate(series)], WIDTH)
    step, top = _nice_scale(max(present), all(float(v).is_integer() for v in present))
    left = 14 + _axis_label_width(step, top, fmt)
    ends = [(s, max(i for i, v in enumerate(vals) if v is not None)) for s, vals in enumerate(points)
            if any(v is not None for v in vals)]
    widest = max(_text_width(label, 12) for label in x_labels) + 6  # an x label and its gap
    left = max(left, 12 + widest / 2)
    right = WIDTH - 14 - max(max(_text_width(fmt(points[s][i]), 12) for s, i in ends), widest / 2)
    bottom = HEIGHT - 26
    if y_label:
        legend.append(_text(12, y + 12, y_label, 12))
        y += 18
    plot_top = y + 12
    spacing = (right - left) / (n - 1) if n > 1 else 0

    def x_of(i: int) -> float:
        return left + spacing * i if n > 1 else (left + right) / 2

    def y_of(value: float) -> float:
        return bottom - (bottom - plot_top) * value / top

    body = legend + _y_axis(step, top, left, right, y_of, fmt)
    # every k-th x label: at most max_x_ticks, never wider than the room between them
    needed = max(math.ceil(n / max(max_x_ticks, 1)), math.ceil(widest / spacing) if spacing else 1)
    every = next((k for k in (1, 2, 3, 4, 6, 12, 24, 36, 48, 60, 120, 240) if k >= needed), needed)
    for i in range(0, n, every):
        x = x_of(i)
        body.append(_el("line", x1=x, y1=bottom, x2=x, y2=bottom + 5, stroke=TEXT, stroke_width=1))
        body.append(_text(x, bottom + 19, x_labels[i], 12, "middle", class_="chart-x"))
    body.append(_el("line", x1=left, y1=bottom, x2=right, y2=bottom, stroke=TEXT, stroke_width=1.5))
    for s, vals in enumerate(points):
        runs: list[list[int]] = [[]]
        for i, v in enumerate(vals):
            if v is None:
                runs.append([])
            else:
                runs[-1].append(i)
        for run in filter(None, runs):
            coords = " ".join(f"{_num(x_of(i))},{_num(y_of(vals[i]))}" for i in run)
            if len(run) > 1:
                body.append(_el("polyline", points=coords, fill="none", stroke=colours[s], stroke_width=2.5,
                                stroke_dasharray=dashes[s], stroke_linejoin="round", class_="chart-line",
                                data_series=s))
            if with_markers or len(run) == 1:
                body.extend(marker(s, x_of(i), y_of(vals[i])) for i in run)
    labels = sorted(((y_of(points[s][i]) + 4, x_of(i) + 8, fmt(points[s][i])) for s, i in ends), reverse=True)
    for k in range(1, len(labels)):  # push end labels apart, upwards
        if labels[k - 1][0] - labels[k][0] < 14:
            labels[k] = (labels[k - 1][0] - 14, *labels[k][1:])
    body.extend(_text(x, ly, text, 12, font_weight="bold", class_="chart-end") for ly, x, text in labels)
    return _svg(id_prefix, title, description, WIDTH, HEIGHT, body)


def funnel_chart(*, id_prefix: str, title: str, description: str, stages: list[tuple[str, int]]) -> str:
    """One horizontal bar per stage, top to bottom, as wide as its share of the first stage; the
    count and that share beside the bar, the conversion from the stage above ("→ 63 %") at the right."""
    _check(id_prefix, [count for _, count in stages])
    if not stages:
        return _no_data(id_prefix, title, description)
    first = stages[0][1]
    scale = max(count for _, count in stages)  # the first stage, unless the data has a later one larger
    row, top = 40, 36
    height = top + row * len(stages) + 8
    label_width = min(max(_text_width(label, 13) for label, _ in stages), WIDTH * 0.35)
    left = 12 + label_width + 10
    right = WIDTH - 12 - _text_width("→ 100 %", 13)
    after = max(_text_width(f"{format_number(count)}  {format_percent(count, first)}", 13) for _, count in stages)
    full = right - left - after - 20
    body = [_text(left, 18, _("Antall og andel av første trinn"), 12),
            _text(WIDTH - 12, 18, _("Fra trinnet over"), 12, "end")]
    for index, (label, count) in enumerate(stages):
        y = top + row * index
        middle = y + row / 2
        words, lines = str(label).split(), [""]
        for word in words:  # wrap a long label on two lines
            if lines[-1] and _text_width(f"{lines[-1]} {word}", 13) > label_width and len(lines) < 2:
                lines.append(word)
            else:
                lines[-1] = f"{lines[-1]} {word}".strip()
        for k, line in enumerate(lines):
            body.append(_text(left - 10, middle + 4.5 + (k - (len(lines) - 1) / 2) * 15,
                              _fit(line, 13, label_width), 13, "end"))
        width = full * count / scale if scale > 0 else 0
        if width > 0:
            body.append(_el("rect", _el("title", _clean(f"{label}: {format_number(count)}")), x=left, y=y + 6,
                            width=width, height=row - 12, fill=SERIES[0][0], class_="chart-bar", data_stage=index))
        share = format_percent(count, first)
        body.append(_text(left + width + 8, middle + 4.5, f"{format_number(count)}{NBSP}{NBSP}({share})", 13,
                          class_="chart-share"))
        if index:
            previous = stages[index - 1][1]
            body.append(_text(WIDTH - 12, middle + 4.5, f"→{NBSP}{format_percent(count, previous)}", 13, "end",
                              font_weight="bold", class_="chart-conversion"))
    body.append(_el("line", x1=left, y1=top, x2=left, y2=top + row * len(stages), stroke=TEXT, stroke_width=1.5))
    return _svg(id_prefix, title, description, WIDTH, height, body)
