"""The report charts: well-formed SVG without style or script, accessible, escaped, to scale, in
Norwegian number format, and usable by Typst for the PDF report. No database needed."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
import typst

from boligvei.reports.charts import (
    NBSP, SERIES, TEXT, bar_chart, format_number, format_percent, funnel_chart, line_chart,
)

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script> & \"sitat\" 'enkelt' æøå"
YEARS = [str(year) for year in range(2012, 2027)]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises on anything not well-formed


def texts(root: ET.Element) -> list[str]:
    return ["".join(el.itertext()) for el in root.iter(f"{SVG}text")]


def bars(root: ET.Element) -> list[ET.Element]:
    return [el for el in root.iter(f"{SVG}rect") if el.get("class") == "chart-bar"]


def sample_charts(prefix: str = "c", label: str = "Kjøpte boligen de leide") -> list[str]:
    return [
        bar_chart(id_prefix=f"{prefix}-bar", title=label, description=label, categories=["2024", label],
                  series=[(label, [11, 17]), ("Kjøpte en annen bolig", [2, 3])], y_label=label),
        bar_chart(id_prefix=f"{prefix}-side", title=label, description=label, categories=["2024", label],
                  series=[(label, [11, 17]), ("Annen", [2, 3]), ("Tredje", [1, 1])], stacked=False),
        line_chart(id_prefix=f"{prefix}-line", title=label, description=label, x_labels=["jan.", label, "mars"],
                   series=[(label, [100, None, 120]), ("Derav barnefamilier", [40, 45, 50])], y_label=label),
        funnel_chart(id_prefix=f"{prefix}-funnel", title=label, description=label,
                     stages=[(label, 100), ("Svarte", 42), ("Kjøpte", 5)]),
    ]


def contrast(colour: str, other: str = "#FFFFFF") -> float:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    high, low = sorted([luminance(colour), luminance(other)], reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("svg", sample_charts())
def test_no_style_no_script_and_labelled(svg):
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img" and root.get("width") == "100%" and root.get("viewBox")
    for el in root.iter():
        assert "style" not in el.attrib
        assert el.tag not in (f"{SVG}style", f"{SVG}script", f"{SVG}animate", f"{SVG}foreignObject")
        assert not any(name.startswith("on") for name in el.attrib)
    assert "<style" not in svg and "<script" not in svg
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text and desc.text
    assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]


def test_ids_unique_and_prefixed_across_charts():
    charts = sample_charts("a") + sample_charts("b")
    ids = [el.get("id") for svg in charts for el in parse(svg).iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    for svg in charts:
        prefix = parse(svg).find(f"{SVG}title").get("id").removesuffix("-title")
        assert all(el.get("id").startswith(prefix + "-") for el in parse(svg).iter() if el.get("id"))
        for ref in re.findall(r"url\(#([^)]+)\)", svg):
            assert ref.startswith(prefix + "-") and f'id="{ref}"' in svg


def test_hatch_patterns_referenced_by_second_series():
    root = parse(sample_charts()[0])
    patterns = [el.get("id") for el in root.iter(f"{SVG}pattern")]
    assert patterns == ["c-bar-pattern-1"]
    fills = {el.get("fill") for el in bars(root)}
    assert fills == {SERIES[0][0], "url(#c-bar-pattern-1)"}


def test_bad_id_prefix_and_negative_values_refused():
    with pytest.raises(ValueError, match="id_prefix"):
        funnel_chart(id_prefix='x" onload="alert(1)', title="t", description="d", stages=[("a", 1)])
    with pytest.raises(ValueError, match="negative"):
        bar_chart(id_prefix="n", title="t", description="d", categories=["a"], series=[("s", [-1])])
    with pytest.raises(ValueError, match="negative"):
        line_chart(id_prefix="n", title="t", description="d", x_labels=["a", "b"], series=[("s", [None, -1])])


@pytest.mark.parametrize("svg", sample_charts("h", HOSTILE))
def test_hostile_labels_escaped(svg):
    root = parse(svg)
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&amp;" in svg
    assert root.find(f"{SVG}title").text == HOSTILE
    assert any(HOSTILE in text or "<script>alert(1)</script>" in text for text in texts(root))


def test_control_characters_dropped():
    svg = bar_chart(id_prefix="x", title="a\x00b\x0bc", description="d", categories=["x\x1f"], series=[("s", [1])])
    assert parse(svg).find(f"{SVG}title").text == "abc"


def test_bar_heights_proportional_and_totals_labelled():
    root = parse(bar_chart(id_prefix="p", title="t", description="d", categories=["2024", "2025"],
                           series=[("Kjøpte boligen de leide", [11, 17]), ("Kjøpte en annen bolig", [2, 3])]))
    heights = {(el.get("data-series"), el.get("data-category")): float(el.get("height")) for el in bars(root)}
    assert heights["0", "1"] / heights["0", "0"] == pytest.approx(17 / 11, rel=1e-3)
    assert heights["1", "1"] / heights["0", "1"] == pytest.approx(3 / 17, rel=1e-3)
    totals = [el.text for el in root.iter(f"{SVG}text") if el.get("class") == "chart-total"]
    assert totals == ["13", "20"]
    # the stacked segment sits right on top of the one below
    by_key = {(el.get("data-series"), el.get("data-category")): el for el in bars(root)}
    lower, upper = by_key["0", "0"], by_key["1", "0"]
    assert float(upper.get("y")) + float(upper.get("height")) == pytest.approx(float(lower.get("y")), abs=0.02)


def test_side_by_side_each_bar_labelled_and_norwegian_numbers():
    root = parse(bar_chart(id_prefix="s", title="t", description="d", categories=["Sentrum", "Øst"],
                           series=[("2024", [1234, 5]), ("2025", [2500.5, 0])], stacked=False))
    labels = texts(root)
    assert f"1{NBSP}234" in labels and f"2{NBSP}500,5" in labels and "5" in labels
    assert len(bars(root)) == 3  # no rect for a zero


def test_y_axis_has_four_to_six_nice_gridlines():
    for high in (1, 3, 13, 17, 99, 1001, 0.3, 123456):
        root = parse(bar_chart(id_prefix="g", title="t", description="d", categories=["a"], series=[("s", [high])]))
        gridlines = [el for el in root.iter(f"{SVG}line") if el.get("stroke") != TEXT]
        assert 4 <= len(gridlines) <= 6, high


def test_empty_and_zero_input_does_not_crash():
    for svg in [
        bar_chart(id_prefix="e1", title="t", description="d", categories=[], series=[("s", [])]),
        line_chart(id_prefix="e2", title="t", description="d", x_labels=[], series=[]),
        line_chart(id_prefix="e3", title="t", description="d", x_labels=["a", "b"], series=[("s", [None, None])]),
        funnel_chart(id_prefix="e4", title="t", description="d", stages=[]),
    ]:
        assert "Ingen data" in texts(parse(svg))
    zeros = parse(bar_chart(id_prefix="z", title="t", description="d", categories=["2024", "2025"],
                            series=[("a", [0, 0]), ("b", [0, 0])]))
    assert bars(zeros) == [] and [t for t in texts(zeros) if t == "0"]
    funnel = parse(funnel_chart(id_prefix="z0", title="t", description="d", stages=[("Invitert", 0), ("Svarte", 0)]))
    assert bars(funnel) == [] and f"0{NBSP}{NBSP}(–)" in texts(funnel)
    single = parse(line_chart(id_prefix="one", title="t", description="d", x_labels=["2025"], series=[("s", [5])]))
    assert single.find(f"{SVG}circle") is not None


def test_funnel_shares_and_conversions():
    root = parse(funnel_chart(id_prefix="f", title="t", description="d",
                              stages=[("Invitert", 1200), ("Svarte", 504), ("Møte holdt", 318), ("Kjøpte", 50)]))
    shares = [el.text for el in root.iter(f"{SVG}text") if el.get("class") == "chart-share"]
    assert shares == [f"1{NBSP}200{NBSP}{NBSP}(100{NBSP}%)", f"504{NBSP}{NBSP}(42{NBSP}%)",
                      f"318{NBSP}{NBSP}(27{NBSP}%)", f"50{NBSP}{NBSP}(4,2{NBSP}%)"]
    conversions = [el.text for el in root.iter(f"{SVG}text") if el.get("class") == "chart-conversion"]
    assert conversions == [f"→{NBSP}42{NBSP}%", f"→{NBSP}63{NBSP}%", f"→{NBSP}16{NBSP}%"]
    widths = [float(el.get("width")) for el in bars(root)]
    assert widths[1] / widths[0] == pytest.approx(504 / 1200, rel=1e-3)


def test_funnel_long_label_wrapped_and_cut():
    label = "Vurdert å ha betjeningsevne for lån i Husbanken og i en vanlig bank med startlån og tilskudd"
    root = parse(funnel_chart(id_prefix="l", title="t", description="d", stages=[(label, 10), ("Kjøpte", 4)]))
    lines = [el.text for el in root.iter(f"{SVG}text") if el.get("text-anchor") == "end" and el.get("x") != "628"]
    assert len(lines) == 3 and lines[0].startswith("Vurdert") and lines[1].endswith("…") and lines[2] == "Kjøpte"
    assert all(float(el.get("x")) > 0 for el in root.iter(f"{SVG}text"))


def test_many_points_thin_out_x_labels_without_markers():
    labels = [f"{month:02d}.{year}" for year in range(2014, 2026) for month in range(1, 13)]
    values = [200 + i for i in range(len(labels))]
    root = parse(line_chart(id_prefix="w", title="t", description="d", x_labels=labels,
                            series=[("På ventelisten", values), ("Derav barnefamilier", [v // 2 for v in values])]))
    shown = [el.text for el in root.iter(f"{SVG}text") if el.get("class") == "chart-x"]
    assert 1 < len(shown) <= 12 and shown[0] == "01.2014"
    assert root.find(f"{SVG}circle") is None  # no markers, in the legend neither
    lines = [el for el in root.iter(f"{SVG}polyline")]
    assert [el.get("stroke-dasharray") for el in lines] == [None, "7 4"]
    ends = [el.text for el in root.iter(f"{SVG}text") if el.get("class") == "chart-end"]
    assert sorted(ends) == ["171", "343"]
    few = parse(line_chart(id_prefix="f", title="t", description="d", x_labels=["a", "b", "c"],
                           series=[("s", [1, None, 3])], max_x_ticks=12))
    assert len(list(few.iter(f"{SVG}circle"))) == 2 + 1  # two points (None is a gap) and the legend
    assert list(few.iter(f"{SVG}polyline")) == []  # a gap leaves two single points


def test_number_formatting():
    assert format_number(1234567) == f"1{NBSP}234{NBSP}567"
    assert format_number(2.5) == "2,5" and format_number(1234.25) == f"1{NBSP}234,25"
    assert format_number(-1500) == f"\u2212" + f"1{NBSP}500"
    assert format_percent(42, 100) == f"42{NBSP}%" and format_percent(1, 0) == "–"
    assert format_percent(5, 1200) == f"0,4{NBSP}%" and format_percent(1, 8) == f"13{NBSP}%"


def test_colours_meet_contrast():
    assert contrast(TEXT) >= 4.5
    for colour, _ in SERIES:
        assert contrast(colour) >= 4.5  # also used for text-like marks; 3:1 needed for graphics
    svg = "".join(sample_charts())
    text_fills = set(re.findall(r'<text [^>]*fill="([^"]+)"', svg))
    assert text_fills == {TEXT}


def test_typst_embeds_chart_in_pdf():
    """The yearly report is a Typst PDF: the SVG must load there, with Typst's own fonts only."""
    svgs = sample_charts("t")
    source = ('#for s in json(bytes(sys.inputs.at("charts"))) { image(bytes(s), format: "svg", width: 100%) }')
    compiler = typst.Compiler(ignore_system_fonts=True)
    pdf = compiler.compile(source.encode(), sys_inputs={"charts": json.dumps(svgs)}, pdf_standards=["a-2b"])
    assert pdf.startswith(b"%PDF")
