"""core.charts draws SVG that parses, is accessible, CSP-safe and shows the data it is given.

Pure functions: no database, no Django.
"""

import datetime
import itertools
import xml.etree.ElementTree as ET

import pytest

from core import charts

SVG = "{http://www.w3.org/2000/svg}"
NASTY = "Sant Cugat & <Vallès>"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def tag(element: ET.Element) -> str:
    return element.tag.removeprefix(SVG)


def luminance(hex_colour: str) -> float:
    def linear(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def cells(root: ET.Element) -> list[ET.Element]:
    return [el for el in root.iter(f"{SVG}rect") if el.get("class") == "cell"]


def texts(root: ET.Element) -> list[str]:
    """The visible text of every <text> (its own text and tails, not its <title> tooltip)."""
    out = []
    for el in root.iter(f"{SVG}text"):
        parts = [el.text or ""]
        for child in el:
            if tag(child) == "a":
                parts.append(child.text or "")
            parts.append(child.tail or "")
        out.append("".join(parts))
    return out


def sample_heatmap(**kwargs) -> str:
    params = {
        "rows": [NASTY, "Lisboa"],
        "columns": ["Energy poverty", "Adaptation", "Monitoring & <reporting>"],
        "values": [[0.0, 2.0, None], [3.5, 4.0, 1.0]],
        "title": "Self-assessment & <scores>",
        "chart_id": "hm",
    }
    params.update(kwargs)
    return charts.heatmap(**params)


def all_charts() -> list[str]:
    return [
        sample_heatmap(row_links=["/m/1?a=1&b=2", None]),
        charts.heatmap(rows=[], columns=[], values=[], title="Empty"),
        charts.bar_chart(labels=[NASTY, "b"], values=[1.0, 2.0], title="Bars & <co>", highlight={0}),
        charts.bar_chart(labels=[], values=[], title="No bars"),
        charts.distribution(counts={1: 3, 4: 1}, title="Dist", category_labels={1: NASTY}),
    ]


# --------------------------------------------------------------------------- every chart


@pytest.mark.parametrize("svg", all_charts())
def test_every_chart_is_well_formed_xml_without_style_script_or_external_reference(svg):
    root = parse(svg)
    for element in root.iter():
        assert "style" not in element.attrib, element.tag
        assert tag(element) in {"svg", "g", "rect", "line", "text", "title", "desc", "a"}, element.tag
        assert "dominant-baseline" not in element.attrib
        assert not any(key.endswith("}href") for key in element.attrib)
    assert "<style" not in svg
    assert "<script" not in svg
    assert "url(" not in svg


@pytest.mark.parametrize("svg", all_charts())
def test_every_chart_has_title_and_desc_referenced_by_aria_labelledby(svg):
    root = parse(svg)
    assert root.get("role") == "img"
    title_el, desc_el = root[0], root[1]
    assert tag(title_el) == "title"
    assert tag(desc_el) == "desc"
    assert root.get("aria-labelledby").split() == [title_el.get("id"), desc_el.get("id")]
    assert desc_el.text
    w, h = root.get("width"), root.get("height")
    assert root.get("viewBox") == f"0 0 {w} {h}"
    assert root.get("font-family") == "Helvetica, Arial, sans-serif"


def test_chart_id_is_sanitised_and_makes_ids_unique():
    root = parse(sample_heatmap(chart_id="Topic Heat/Map <1>"))
    assert root[0].get("id") == "topic-heat-map-1-title"
    assert root[1].get("id") == "topic-heat-map-1-desc"
    other = parse(charts.bar_chart(labels=["a"], values=[1], title="t", chart_id="second"))
    assert other[0].get("id") == "second-title"


# --------------------------------------------------------------------------- heatmap


def test_heatmap_draws_one_cell_rect_per_row_and_column():
    root = parse(sample_heatmap())
    assert len(cells(root)) == 2 * 3


def test_heatmap_missing_cell_is_grey_with_a_dash():
    root = parse(sample_heatmap())
    fills = [rect.get("fill") for rect in cells(root)]
    assert fills[2] == charts.MISSING_FILL == "#e9ecef"
    assert fills.count(charts.MISSING_FILL) == 1
    assert "–" in texts(root)
    assert "no data" in cells(root)[2].find(f"{SVG}title").text


def test_heatmap_cells_show_formatted_values_with_value_format():
    root = parse(sample_heatmap(value_format="{:.2f}"))
    shown = texts(root)
    for expected in ("0.00", "2.00", "3.50", "4.00", "1.00"):
        assert expected in shown


def test_heatmap_cell_colours_darken_with_value_and_clamp_outside_the_range():
    values = [[-1.0, 0.0, 1.0, 2.0, 3.0, 4.0, 9.0]]
    root = parse(
        charts.heatmap(rows=["r"], columns=[str(i) for i in range(7)], values=values, title="t", vmin=0, vmax=4)
    )
    fills = [rect.get("fill") for rect in cells(root)]
    lums = [luminance(f) for f in fills[1:6]]
    assert lums == sorted(lums, reverse=True)
    assert len(set(lums)) == 5
    assert fills[0] == fills[1] == charts.scale_colour(0, 0, 4)  # clamped below
    assert fills[6] == fills[5] == charts.scale_colour(4, 0, 4)  # clamped above
    assert "9.0" in texts(root)  # the printed value is the real one


def test_heatmap_text_is_dark_on_light_cells_and_white_on_dark_cells():
    root = parse(charts.heatmap(rows=["r"], columns=["lo", "hi"], values=[[0.0, 4.0]], title="t"))
    value_texts = [el for el in root.iter(f"{SVG}text") if el.text in ("0.0", "4.0") and el.get("font-size") == "11"]
    colours = {el.text: el.get("fill") for el in value_texts}
    assert colours == {"0.0": "#212529", "4.0": "#ffffff"}


def test_heatmap_escapes_labels_and_title():
    svg = sample_heatmap()
    assert "&amp;" in svg and "&lt;Vallès&gt;" in svg
    root = parse(svg)
    assert root[0].text == "Self-assessment & <scores>"
    assert NASTY in texts(root)
    assert any("Monitoring & <reporting>" in t for t in texts(root))


def test_heatmap_truncates_long_row_labels_and_keeps_the_full_label_as_tooltip():
    long_label = "Municipality of Thessaloniki Metropolitan Area"
    root = parse(charts.heatmap(rows=[long_label], columns=["c"], values=[[1.0]], title="t"))
    label = next(el for el in root.iter(f"{SVG}text") if el.get("text-anchor") == "end")
    visible = texts(root)[[*root.iter(f"{SVG}text")].index(label)]
    assert visible.endswith("…")
    assert len(visible) == 28
    assert label.find(f"{SVG}title").text == long_label


def test_heatmap_top_margin_grows_with_the_longest_column_label():
    short = parse(charts.heatmap(rows=["r"], columns=["a"], values=[[1]], title="t"))
    long = parse(charts.heatmap(rows=["r"], columns=["a" * 35], values=[[1]], title="t"))
    assert float(cells(long)[0].get("y")) > float(cells(short)[0].get("y")) + 50
    assert float(long.get("height")) > float(short.get("height"))


def test_heatmap_column_labels_are_rotated_by_the_angle():
    root = parse(sample_heatmap(column_label_angle=-60))
    rotated = [el for el in root.iter(f"{SVG}text") if "rotate(-60)" in (el.get("transform") or "")]
    assert len(rotated) == 3


def test_heatmap_has_a_five_step_legend_from_vmin_to_vmax():
    root = parse(sample_heatmap(vmin=1, vmax=5))
    steps = [el for el in root.iter(f"{SVG}rect") if el.get("class") == "legend-step"]
    assert [s.get("fill") for s in steps] == [charts.scale_colour(v, 1, 5) for v in (1, 2, 3, 4, 5)]
    for label in ("1.0", "2.0", "3.0", "4.0", "5.0"):
        assert label in texts(root)


def test_heatmap_row_links_wrap_labels_in_a_elements_with_their_hrefs():
    root = parse(sample_heatmap(row_links=["/municipalities/1/?tab=a&b=c", None]))
    links = list(root.iter(f"{SVG}a"))
    assert [a.get("href") for a in links] == ["/municipalities/1/?tab=a&b=c"]
    assert links[0].find(f"{SVG}text").text == NASTY


def test_heatmap_rejects_row_links_of_the_wrong_length_or_with_javascript():
    with pytest.raises(ValueError):
        sample_heatmap(row_links=["/a"])
    with pytest.raises(ValueError):
        sample_heatmap(row_links=["javascript:alert(1)", None])


def test_heatmap_raises_value_error_on_a_mismatched_matrix():
    with pytest.raises(ValueError):
        charts.heatmap(rows=["a", "b"], columns=["x"], values=[[1.0]], title="t")
    with pytest.raises(ValueError):
        charts.heatmap(rows=["a"], columns=["x", "y"], values=[[1.0]], title="t")
    with pytest.raises(ValueError):
        charts.heatmap(rows=[], columns=[], values=[[1.0]], title="t")


def test_heatmap_with_no_rows_or_columns_says_no_data():
    for rows, columns, values in (([], [], []), ([], ["x"], []), (["a"], [], [[]])):
        root = parse(charts.heatmap(rows=rows, columns=columns, values=values, title="Empty", chart_id="e"))
        assert "No data" in texts(root)
        assert root[0].text == "Empty"
        assert cells(root) == []


def test_heatmap_desc_summarises_the_data():
    root = parse(sample_heatmap(description="Scores per municipality."))
    desc = root[1].text
    assert desc.startswith("Scores per municipality.")
    assert "2 rows by 3 columns" in desc
    assert "4.0 (Lisboa, Adaptation)" in desc
    assert "1 of 6" in desc


def test_heatmap_is_deterministic():
    assert sample_heatmap(row_links=["/a", "/b"]) == sample_heatmap(row_links=["/a", "/b"])


# --------------------------------------------------------------------------- colour helpers


def test_scale_colour_runs_from_light_to_brand_green_and_none_is_grey():
    assert charts.scale_colour(0, 0, 4) == "#f7fcf5"
    assert charts.scale_colour(4, 0, 4) == "#1f6f50"
    assert charts.scale_colour(None, 0, 4) == "#e9ecef"
    assert charts.scale_colour(float("nan"), 0, 4) == "#e9ecef"
    lums = [luminance(charts.scale_colour(v / 10, 0, 4)) for v in range(41)]
    assert all(a > b for a, b in itertools.pairwise(lums))


def test_scale_colour_rejects_an_empty_range():
    with pytest.raises(ValueError):
        charts.scale_colour(1, 2, 2)


def test_text_colour_is_white_on_dark_and_dark_on_light():
    assert charts.text_colour("#1f6f50") == "#ffffff"
    assert charts.text_colour("#f7fcf5") == "#212529"
    assert charts.text_colour("#e9ecef") == "#212529"
    assert charts.text_colour("#000") == "#ffffff"


# --------------------------------------------------------------------------- bar chart


def bars(root: ET.Element) -> list[ET.Element]:
    return [el for el in root.iter(f"{SVG}rect") if el.get("class") == "bar"]


def test_bar_widths_are_proportional_to_values():
    root = parse(charts.bar_chart(labels=["a", "b", "c", "d"], values=[1.0, 2.0, 4.0, 0.0], title="t"))
    widths = [float(b.get("width")) for b in bars(root)]
    assert widths[3] == 0
    assert widths[1] == pytest.approx(2 * widths[0], abs=0.02)
    assert widths[2] == pytest.approx(4 * widths[0], abs=0.02)


def test_bar_chart_max_value_sets_the_full_width_and_caps_longer_bars():
    root = parse(charts.bar_chart(labels=["a", "b", "c"], values=[2.0, 4.0, 6.0], title="t", max_value=4))
    widths = [float(b.get("width")) for b in bars(root)]
    assert widths[0] == pytest.approx(widths[1] / 2, abs=0.02)
    assert widths[2] == widths[1]
    assert "6.0" in texts(root)


def test_bar_chart_with_all_zero_values_draws_empty_bars():
    root = parse(charts.bar_chart(labels=["a", "b"], values=[0.0, 0.0], title="t"))
    assert [float(b.get("width")) for b in bars(root)] == [0, 0]


def test_bar_chart_highlight_uses_the_brand_colour():
    root = parse(charts.bar_chart(labels=["a", "b", "c"], values=[1, 2, 3], title="t", highlight={1}))
    fills = [b.get("fill") for b in bars(root)]
    assert fills[1] == charts.BRAND
    assert fills[0] == fills[2] != charts.BRAND
    assert luminance(fills[0]) > luminance(charts.BRAND)


def test_bar_chart_prints_formatted_values_and_escaped_labels():
    svg = charts.bar_chart(labels=[NASTY], values=[3.14159], title="t", value_format="{:.2f}")
    root = parse(svg)
    assert "3.14" in texts(root)
    assert NASTY in texts(root)
    assert "Sant Cugat &amp; &lt;Vallès&gt;" in svg
    assert f"{NASTY}: 3.14" in root[1].text


def test_bar_chart_raises_value_error_on_negative_values():
    with pytest.raises(ValueError):
        charts.bar_chart(labels=["a", "b"], values=[1.0, -0.5], title="t")


def test_bar_chart_raises_value_error_on_mismatched_lengths():
    with pytest.raises(ValueError):
        charts.bar_chart(labels=["a", "b"], values=[1.0], title="t")


def test_bar_chart_without_labels_says_no_data():
    root = parse(charts.bar_chart(labels=[], values=[], title="t"))
    assert "No data" in texts(root)


def test_bar_chart_is_deterministic():
    kwargs = {"labels": ["a", "b"], "values": [1.0, 2.0], "title": "t", "highlight": {0, 1}}
    assert charts.bar_chart(**kwargs) == charts.bar_chart(**kwargs)


# --------------------------------------------------------------------------- distribution


def columns_of(root: ET.Element) -> list[ET.Element]:
    return [el for el in root.iter(f"{SVG}rect") if el.get("class") == "column"]


def test_distribution_fills_missing_categories_with_zero():
    root = parse(charts.distribution(counts={2: 4, 5: 2}, title="t"))
    heights = [float(c.get("height")) for c in columns_of(root)]
    assert len(heights) == 5
    assert heights[0] == heights[2] == heights[3] == 0
    assert heights[1] == pytest.approx(2 * heights[4], abs=0.02)
    assert texts(root).count("0") >= 3
    assert "6 in total" in root[1].text


def test_distribution_uses_categories_and_labels():
    root = parse(
        charts.distribution(counts={0: 1, 1: 2}, title="t", categories=[0, 1, 2], category_labels={0: "N/A", 2: NASTY})
    )
    assert len(columns_of(root)) == 3
    shown = texts(root)
    assert "N/A" in shown and "1" in shown and NASTY in shown


def test_distribution_with_all_zero_counts_scales_to_at_least_one():
    root = parse(charts.distribution(counts={}, title="t"))
    assert [float(c.get("height")) for c in columns_of(root)] == [0] * 5


def test_distribution_rejects_counts_outside_the_categories_and_negative_counts():
    with pytest.raises(ValueError):
        charts.distribution(counts={7: 1}, title="t")
    with pytest.raises(ValueError):
        charts.distribution(counts={1: -1}, title="t")


def test_distribution_is_deterministic():
    assert charts.distribution(counts={1: 1, 3: 2}, title="t") == charts.distribution(counts={3: 2, 1: 1}, title="t")


# --------------------------------------------------------------------------- gantt


UTC = datetime.UTC


def at(month: int, day: int, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(2027, month, day, hour, tzinfo=UTC)


def sample_gantt(**kwargs) -> str:
    params = {
        "rows": [
            (NASTY, at(1, 10), at(1, 10, 12)),
            ("E-mail exchange", at(2, 1), at(3, 15)),
            ("Study visit", at(4, 30), at(4, 30, 17)),
        ],
        "title": "Work programme & <sessions>",
        "chart_id": "plan",
    }
    params.update(kwargs)
    return charts.gantt(**params)


@pytest.mark.parametrize("svg", [sample_gantt(), charts.gantt(rows=[], title="Nothing planned")])
def test_gantt_is_well_formed_accessible_and_csp_safe(svg):
    root = parse(svg)
    for element in root.iter():
        assert "style" not in element.attrib, element.tag
        assert tag(element) in {"svg", "g", "rect", "line", "text", "title", "desc", "a"}, element.tag
    assert "<style" not in svg and "<script" not in svg
    assert (tag(root[0]), tag(root[1]), root.get("role")) == ("title", "desc", "img")
    assert root.get("aria-labelledby").split() == [root[0].get("id"), root[1].get("id")]


def test_gantt_draws_one_bar_per_row_placed_on_the_time_axis():
    root = parse(sample_gantt())
    placed = [(float(b.get("x")), float(b.get("width"))) for b in bars(root)]
    (x1, w1), (x2, w2), (x3, w3) = placed
    assert len(placed) == 3
    assert x1 < x2 < x3
    assert w2 > 100 and w1 == w3 == 3  # a few hours in four months: the minimum width
    assert x3 + w3 == pytest.approx(x1 + 560)  # the last bar ends at the end of the axis


def test_gantt_bar_tooltips_give_label_and_period():
    tips = [b.find(f"{SVG}title").text for b in bars(parse(sample_gantt()))]
    assert tips == [
        f"{NASTY}: 2027-01-10 09:00 – 12:00",
        "E-mail exchange: 2027-02-01 09:00 – 2027-03-15 09:00",
        "Study visit: 2027-04-30 09:00 – 17:00",
    ]


def test_gantt_escapes_labels_and_title():
    svg = sample_gantt()
    root = parse(svg)
    assert "&lt;Vallès&gt;" in svg
    assert root[0].text == "Work programme & <sessions>"
    assert NASTY in texts(root)


def test_gantt_ticks_months_over_a_long_span_and_days_over_a_short_one():
    months = texts(parse(sample_gantt()))
    days = texts(parse(charts.gantt(rows=[("a", at(3, 1), at(3, 4))], title="t")))
    assert [t for t in months if t.startswith("2027-")] == ["2027-02", "2027-03", "2027-04"]
    assert [t for t in days if t.startswith("03-")] == ["03-02", "03-03", "03-04"]


def test_gantt_keeps_at_most_twelve_ticks():
    root = parse(charts.gantt(rows=[("a", at(1, 1), datetime.datetime(2031, 1, 1, tzinfo=UTC))], title="t"))
    assert len([t for t in texts(root) if t[:2] == "20"]) <= 12


def test_gantt_truncates_long_labels_and_keeps_them_as_tooltip():
    long_label = "Peer review of renovation plans for schools"
    root = parse(charts.gantt(rows=[(long_label, at(1, 1), at(1, 2))], title="t"))
    label = next(el for el in root.iter(f"{SVG}text") if el.get("text-anchor") == "end")
    assert label.find(f"{SVG}title").text == long_label
    assert len(texts(root)[[*root.iter(f"{SVG}text")].index(label)]) == 28


def test_gantt_desc_summarises_every_row():
    rows = [("Kick-off", at(1, 10), at(1, 10, 12)), ("Visit", at(1, 12), at(1, 12, 17))]
    desc = parse(sample_gantt(description="Sessions of the programme.", rows=rows))[1]
    assert desc.text == (
        "Sessions of the programme. 2 bars from 2027-01-10 09:00 to 2027-01-12 17:00. "
        "Kick-off: 2027-01-10 09:00 – 12:00; Visit: 2027-01-12 09:00 – 17:00."
    )


def test_gantt_without_rows_is_a_no_data_chart():
    root = parse(charts.gantt(rows=[], title="Nothing planned"))
    assert (bars(root), "No data" in texts(root)) == ([], True)


def test_gantt_refuses_a_row_ending_before_it_starts():
    with pytest.raises(ValueError, match="ends before it starts"):
        charts.gantt(rows=[("Backwards", at(2, 1), at(1, 1))], title="t")


def test_gantt_refuses_mixed_aware_and_naive_times():
    with pytest.raises(ValueError, match="mix"):
        charts.gantt(rows=[("a", at(1, 1), datetime.datetime(2027, 1, 2))], title="t")


def test_gantt_output_is_deterministic():
    assert sample_gantt() == sample_gantt()
