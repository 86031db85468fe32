"""Hostile and careless input: every promise of the loader, the outputs and the CLI.

Each test guards one promise and fails when its guard in the code is removed (the closing
note of the hardening issue lists the guards removed in a scratch copy and the test that
caught each).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading

import numpy as np
import pytest

import techrisk
from techrisk.asof import parse_as_of
from techrisk.cli import main
from techrisk.data.countries import lookup_country
from techrisk.errors import DataError, RubricError
from tests.conftest import FIXTURE_ROOT, SUPPORTS_ALL, deployment_yaml

AS_OF = "2024-06-30"


def problems_of(*paths) -> list[str]:
    with pytest.raises(DataError) as info:
        techrisk.load(*paths)
    return [str(p) for p in info.value.problems]


# ---------------------------------------------------------------- 1. alias bombs

BILLION_LAUGHS = "\n".join(
    [f'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
) + "\n"


@pytest.mark.parametrize("text, message", [
    (BILLION_LAUGHS, "aliases (*name) expand to far more values than the file holds"),
    ("deployments: &r [*r]\n", "an alias refers to a value that contains it"),
    ("deployments:\n  - &r {id: kz-x, evidence: [*r]}\n", "an alias refers to a value that contains it"),
])
def test_alias_bombs_are_refused_in_bounded_memory(tmp_path, text, message):
    # In a child process capped at 1 GiB of address space and 60 s: without the bound the
    # billion-laughs file exhausts memory and the self-reference recurses without end.
    path = tmp_path / "bomb.yaml"
    path.write_text(text, encoding="utf-8")
    code = textwrap.dedent(f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        import techrisk
        from techrisk.errors import DataError
        try:
            techrisk.load({str(path)!r})
        except DataError as exc:
            print(exc)
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-500:]
    assert message in result.stdout


def test_aliases_within_bounds_still_work(fixture_data):
    # The fixture vendor reuses one evidence list with an anchor: allowed.
    assert techrisk.load().vendor("alpha").legal_entities[0].evidence[0].publisher == "Fixture Press"


# ---------------------------------------------------------------- 2. duplicate keys

def test_duplicate_keys_anywhere_are_listed_with_their_lines(fixture_data, write_tree):
    text = deployment_yaml(extra="sector: public_safety_video") + "deployments: []\n"
    found = problems_of(write_tree({"KZ.yaml": text}))
    assert any("KZ.yaml:8: duplicate key 'sector' (first on line 5)" in p for p in found), found
    assert any("duplicate key 'deployments' (first on line 1)" in p for p in found), found


# ---------------------------------------------------------------- 3. URLs, escaping, bidi

@pytest.mark.parametrize("url, reason", [
    ("https://a.example/x><script>alert(5)</script>", "cannot contain '<', '>'"),
    ("javascript:alert(1)", "expected an http(s) URL"),
    ("https://money.pl./gospodarka", "is not a host name"),
    ("https://a.example/with space", "cannot contain ' '"),
    ("https://user:pw@a.example/", "user name or password"),
    ("ftp://a.example/file", "expected an http(s) URL"),
])
def test_bad_urls_are_refused(fixture_data, write_tree, url, reason):
    evidence = f'[{{publisher: P, title: T, date: 2020, quote: q, url: "{url}"}}]'
    found = problems_of(write_tree({"KZ.yaml": deployment_yaml(evidence=evidence)}))
    assert any("evidence[0].url" in p and reason in p for p in found), found


@pytest.mark.parametrize("char, words", [
    ("\u202e", "invisible control or bidirectional-override characters (U+202E)"),
    ("\u2066", "invisible control or bidirectional-override characters (U+2066)"),
    ("\\a", "invisible control or bidirectional-override characters (U+0007)"),  # YAML escape
    ("\x1b", "unacceptable character #x001b"),  # raw: refused by the YAML reader itself
])
def test_bidi_overrides_and_control_characters_are_refused(fixture_data, write_tree, char, words):
    text = deployment_yaml(extra=f'name: "Safe{char}City"')
    found = problems_of(write_tree({"KZ.yaml": text}))
    assert any(words in p for p in found), found


def test_nul_in_a_file_is_refused(fixture_data, tmp_path):
    path = tmp_path / "KZ.yaml"
    path.write_text(deployment_yaml(extra='name: "a\x00b"'), encoding="utf-8")
    assert any("NUL character" in p for p in problems_of(path))


HOSTILE = '<script>alert(1)</script>'


def test_no_data_string_reaches_any_output_unescaped(fixture_data, write_tree):
    """Hostile text in every rendered field: HTML, Markdown, every SVG chart, the timeline."""
    text = deployment_yaml(
        id="kz-evil",
        extra=f'name: "{HOSTILE}"\nplace: "{HOSTILE}"\npartners: ["{HOSTILE}"]\nstart: 2019\n'
              f'operator_name: "{HOSTILE}"\nsummary: "{HOSTILE}"',
        evidence=f'[{{publisher: "{HOSTILE}", title: "{HOSTILE}", author: "{HOSTILE}", date: 2020, '
                 f'quote: "{HOSTILE}", url: "https://a.example/x?q=1&r=2", supports: {SUPPORTS_ALL}}}]',
    )
    registry = techrisk.load(write_tree({"KZ.yaml": text}))
    b = techrisk.brief("KZ", registry=registry, as_of=AS_OF)
    assert "<script" not in b.html
    assert "&lt;script&gt;" in b.html
    assert b.html.count("<svg") >= 2  # the charts were rendered, timeline included
    for svg in b.html.split("<svg")[1:]:
        assert "<script" not in svg.split("</svg>")[0]
    # In Markdown, "\<" is an escaped, literal "<": every "<script" must be escaped.
    assert "<script" not in b.markdown.replace("\\<script", "")
    assert "\\<script\\>" in b.markdown
    assert "<https://a.example/x?q=1&r=2>" in b.markdown  # a clean URL is left as it is


# ---------------------------------------------------------------- 4. files and folders

def test_every_file_in_a_folder_is_read_or_reported(fixture_data, write_tree):
    folder = write_tree({
        "a/UZ.YAML": deployment_yaml(id="uz-a", country="UZ"),
        "b/UZ.Yml": deployment_yaml(id="uz-b", country="UZ"),
        "README.md": "notes",
    })
    registry = techrisk.load(folder)
    assert {"uz-a", "uz-b"} <= {d.id for d in registry.deployments}
    assert [p.rsplit("/", 1)[-1] for p in registry.skipped] == ["README.md"]


def test_data_like_files_empty_folders_and_empty_paths_are_errors(fixture_data, write_tree, tmp_path):
    # A CSV is read now (issue 17), so its problems are named; a format still unread is an error.
    folder = write_tree({"records/UZ.csv": "id,country\nuz-x,UZ\n", "records/UZ.ods": "x", "empty/.keep": ""})
    found = problems_of(folder / "records")
    assert any("UZ.ods" in p and "looks like data but is not read" in p for p in found), found
    assert any("UZ.csv:2: record 'uz-x': vendors: required field is missing" in p for p in found), found
    assert any("holds no record files" in p for p in problems_of(folder / "empty"))
    assert any("an empty path" in p for p in problems_of(""))


def test_cli_validate_lists_skipped_files(fixture_data, write_tree, capsys):
    folder = write_tree({"UZ.yaml": deployment_yaml(id="uz-a", country="UZ"), "notes.md": "x"})
    assert main(["validate", str(folder)]) == 0
    assert "skipped 1 file(s) that are not data" in capsys.readouterr().out


# ---------------------------------------------------------------- 5. shared state

def test_cached_scoring_table_cannot_be_changed(fixture_data):
    from techrisk.scoring.assessment import table_of

    table = table_of(techrisk.load())
    before = techrisk.score(as_of=AS_OF)
    with pytest.raises(ValueError, match="read-only"):
        table.start[:] = 10**6
    with pytest.raises(TypeError):
        table.scalars["sector"] = np.zeros(len(table), dtype=np.int16)
    assert techrisk.score(as_of=AS_OF).equals(before)


def test_cached_rubric_cannot_be_changed_by_a_caller(fixture_data):
    rubric = techrisk.load_rubric()
    rubric.dimensions["data_access"].__dict__["weight"] = 0.9  # bypasses frozen: a determined caller
    assert techrisk.load_rubric().dimensions["data_access"].weight == 0.5


def test_cache_clear_rereads_an_edited_rubric(tmp_path, monkeypatch):
    import shutil
    root = tmp_path / "data"
    shutil.copytree(FIXTURE_ROOT, root)
    monkeypatch.setenv("TECHRISK_DATA_DIR", str(root))
    techrisk.cache_clear()
    path = root / "rubrics" / "techrisk-1.0.yaml"
    assert techrisk.load_rubric().date == "2026-11-23"
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2026-11-23", "date: 2026-12-01"), encoding="utf-8")
    techrisk.cache_clear()
    assert techrisk.load_rubric().date == "2026-12-01"
    techrisk.cache_clear()


# ---------------------------------------------------------------- 6. rubric values checked on load

def _rubric_problems(tmp_path, *edits) -> list[str]:
    text = (FIXTURE_ROOT / "rubrics" / "techrisk-1.0.yaml").read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RubricError) as info:
        techrisk.load_rubric(path)
    return [str(p) for p in info.value.problems]


def test_rubric_vocabulary_is_checked_on_load(tmp_path):
    messages = _rubric_problems(tmp_path, ("exclude_statuses: [ended, removed]", "exclude_statuses: [finished]"))
    assert any("include.exclude_statuses" in m and "'finished' is not one of" in m for m in messages), messages


def test_every_model_level_rubric_problem_is_listed(tmp_path):
    messages = _rubric_problems(tmp_path, ("    weight: 0.25\n", "    weight: 0.35\n"),
                                ("{name: moderate, min: 20}", "{name: moderate, min: 70}"))
    assert any("factor weights in 'data_access' must sum to 1" in m for m in messages), messages
    assert any("band thresholds must start at 0 and rise" in m for m in messages), messages


# ---------------------------------------------------------------- 7. dates

def test_partial_end_in_the_start_year_is_accepted(fixture_data, write_tree):
    text = deployment_yaml(extra="start: 2020-06").replace(
        "status: [{value: operational, date: unknown}]",
        "status: [{value: operational, date: 2020-06}, {value: ended, date: 2020}]")
    registry = techrisk.load(write_tree({"KZ.yaml": text}))
    assert registry.deployments[-1].end == "2020"


@pytest.mark.parametrize("text, expected", [
    ("2015", "2015-12-31"), ("2016-02", "2016-02-29"), ("20190101", "2019-01-01"), ("2019-05-03", "2019-05-03"),
])
def test_as_of_periods_mean_their_last_day(text, expected):
    assert parse_as_of(text).isoformat() == expected


def test_brief_lists_only_what_its_score_counted(fixture_data):
    # The fixture's Georgian actions and deployments are dated 2015-2021: "as of 20190101"
    # must not list a 2021 deployment or action anywhere in the brief.
    b = techrisk.brief("GE", as_of="20190101")
    scored = techrisk.score(as_of="2019-01-01")
    assert b.score == pytest.approx(float(scored.loc["GE", "score"]))
    assert "ge-cctv" not in b.markdown


# ---------------------------------------------------------------- 8. every problem at once, in plain words

def test_one_run_lists_every_problem_once_in_plain_words(fixture_data, write_tree):
    text = deployment_yaml(vendors="[Huawei]", extra="coverage: everywhere",
                           evidence="[{publisher: P, title: T, date: 2020, quote: q, url: 'nope'}]")
    found = problems_of(write_tree({"KZ.yaml": text}))
    assert any("vendors[0]: unknown vendor id 'Huawei'" in p for p in found), found
    assert any("coverage: 'everywhere' is not one of" in p for p in found), found
    assert any("evidence[0].url" in p for p in found), found
    assert not any("at least 1 item" in p for p in found), found
    joined = "\n".join(found)
    assert "Value error" not in joined and "NoneType" not in joined
    for p in found:
        assert p.count("(got ") <= 1, p


# ---------------------------------------------------------------- 9. CLI user errors

@pytest.mark.parametrize("argv, words", [
    (["brief", "KZ", "-o", "/nonexistent/x.html"], "does not exist"),
    (["brief", "KZ", "-o", "x.exe"], "use a file name ending in"),
    (["score", "--rubric", "nope"], "no rubric named 'nope'"),
    (["rubric", "diff", "techrisk-1.0", "nonexist.yaml"], "no rubric named 'nonexist.yaml'"),
    (["brief", "Narnia"], "unknown country 'Narnia'"),
])
def test_cli_user_errors_are_one_line_without_traceback(fixture_data, capsys, argv, words):
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_cli_checks_the_output_before_building_the_brief(fixture_data, monkeypatch, capsys):
    import techrisk.report.brief
    monkeypatch.setattr(techrisk.report.brief, "brief", lambda *a, **k: pytest.fail("built a brief it cannot write"))
    assert main(["brief", "KZ", "-o", "kz.exe"]) == 1


# ---------------------------------------------------------------- 10. lenient types

@pytest.mark.parametrize("extra, words", [
    ('scale: {value: "1e3", unit: cameras}', "scale.value"),
    ("scale: {value: .inf, unit: cameras}", "scale.value"),
    ("name: !!binary aGVsbG8=", "the tag '!!binary' is not allowed"),
])
def test_lenient_values_are_problems(fixture_data, write_tree, extra, words):
    found = problems_of(write_tree({"KZ.yaml": deployment_yaml(extra=extra)}))
    assert any(words in p for p in found), found


@pytest.mark.parametrize("value", ["{}", "false", "0", ""])
def test_records_list_of_the_wrong_type_is_a_problem(fixture_data, write_tree, value):
    found = problems_of(write_tree({"KZ.yaml": f"deployments: {value}\n"}))
    assert any("expected a list of records" in p for p in found), found


def test_one_id_cannot_be_a_deployment_and_a_presence_record(fixture_data, write_tree):
    text = deployment_yaml(id="kz-same") + textwrap.dedent("""\
        presence:
          - {id: kz-same, country: KZ, vendors: [alpha], kind: office,
             evidence: [{publisher: P, title: T, date: 2020, quote: q}]}
        """)
    found = problems_of(write_tree({"KZ.yaml": text}))
    assert any("duplicate record id 'kz-same'" in p for p in found), found


# ---------------------------------------------------------------- 11. country names

@pytest.mark.parametrize("name, code", [
    ("Russia", "RU"), ("Turkey", "TR"), ("UK", "GB"), ("Ivory Coast", "CI"), ("South Korea", "KR"),
    ("Iran", "IR"), ("Syria", "SY"), ("Vietnam", "VN"), ("Laos", "LA"), ("Bolivia", "BO"),
    ("Tanzania", "TZ"), ("Venezuela", "VE"), ("Moldova", "MD"), ("Czech Republic", "CZ"),
    ("Macedonia", "MK"), ("Cote d'Ivoire", "CI"), ("the Gambia", "GM"), ("Kosovo", "XK"),
])
def test_everyday_country_names_resolve(name, code):
    assert lookup_country(name) == code


def test_none_as_a_country_is_a_type_error():
    with pytest.raises(TypeError, match="a country is a code or name as text"):
        lookup_country(None)


# ---------------------------------------------------------------- concurrency

def test_threads_get_identical_results(fixture_data):
    expected_score = techrisk.score(as_of=AS_OF)
    expected_brief = techrisk.brief("KZ", as_of=AS_OF).markdown
    results, errors = [], []

    def work(i: int) -> None:
        try:
            if i % 3 == 0:
                techrisk.cache_clear()
            registry = techrisk.load()
            results.append((techrisk.score(registry=registry, as_of=AS_OF),
                            techrisk.brief("KZ", registry=registry, as_of=AS_OF).markdown))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(results) == 8
    for frame, markdown in results:
        assert frame.equals(expected_score)
        assert markdown == expected_brief


# ---------------------------------------------------------------- fuzzing the loader

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import yaml as pyyaml  # noqa: E402

VALID = {
    "id": "kz-fuzz", "country": "KZ", "vendors": ["alpha"], "sector": "video_analytics",
    "status": [{"value": "operational", "date": 2019}], "confidence": "credible", "data_captured": ["video"],
    "start": 2019,
    "evidence": [{"publisher": "P", "title": "T", "date": 2020, "quote": "q",
                  "supports": ["vendors", "sector", "data_captured", "start", "status:operational"]}],
}
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20),
                    st.sampled_from(["unknown", "KZ", "NO", "2019-13-01", "1e3", ".inf", "[", "&a", "*a"]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                      max_leaves=8)
FUZZ = settings(max_examples=60, deadline=5000, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _load_or_data_error(path, expected: int | None) -> None:
    try:
        registry = techrisk.load(path)
    except DataError:
        return
    if expected is not None:
        assert len(registry.deployments) - 4 == expected  # the fixture registry holds 4


@FUZZ
@given(text=st.text(max_size=200))
def test_any_text_loads_or_is_a_data_error(fixture_data, tmp_path_factory, text):
    path = tmp_path_factory.mktemp("fuzz") / "KZ.yaml"
    path.write_text(text, encoding="utf-8")
    _load_or_data_error(path, None)


@FUZZ
@given(field=st.sampled_from(sorted(VALID) + ["scale", "coverage", "operator", "access", "extra"]), value=VALUES)
def test_a_mutated_record_loads_whole_or_is_a_data_error(fixture_data, tmp_path_factory, field, value):
    record = dict(VALID, **{field: value})
    path = tmp_path_factory.mktemp("fuzz") / "KZ.yaml"
    path.write_text(pyyaml.safe_dump({"deployments": [record, dict(VALID, id="kz-fuzz-2")]}, allow_unicode=True),
                    encoding="utf-8")
    _load_or_data_error(path, 2)


@FUZZ
@given(document=VALUES)
def test_any_yaml_document_loads_or_is_a_data_error(fixture_data, tmp_path_factory, document):
    path = tmp_path_factory.mktemp("fuzz") / "KZ.yaml"
    path.write_text(pyyaml.safe_dump({"deployments": document}), encoding="utf-8")
    _load_or_data_error(path, len(document) if isinstance(document, list) else None)


def test_quotes_are_short_excerpts(fixture_data, write_tree):
    long_quote = "word " * 200  # 1,000 characters: a page, not an excerpt
    evidence = f'[{{publisher: P, title: T, date: 2020, quote: "{long_quote}"}}]'
    found = problems_of(write_tree({"KZ.yaml": deployment_yaml(evidence=evidence)}))
    assert any("evidence[0].quote" in p for p in found), found


def test_dimension_weights_must_sum_to_one(tmp_path):
    messages = _rubric_problems(tmp_path, ("    weight: 0.5\n    combine", "    weight: 0.6\n    combine"))
    assert any("dimension weights must sum to 1, got 1.1" in m for m in messages), messages


def test_records_are_frozen(fixture_data):
    deployment = techrisk.load().deployments[0]
    with pytest.raises(Exception, match="frozen"):
        deployment.sector = "consumer_devices"


def test_svg_titles_and_labels_are_escaped():
    from techrisk.report import svg as svg_charts

    text = svg_charts._svg(100, [svg_charts._text(0, 0, HOSTILE)], HOSTILE)
    assert "<script" not in text and text.count("&lt;script&gt;") == 3  # aria-label, title, text


def test_markdown_autolinks_cannot_be_closed_by_a_url():
    from techrisk.report.render import md_url

    assert md_url("https://a.example/x><script>alert(5)</script> y") == (
        "https://a.example/x%3E%3Cscript%3Ealert(5)%3C/script%3E%20y")


def test_every_spelling_of_one_as_of_day_gives_the_same_brief(fixture_data):
    # "20190101" once compared as text with partial dates: "2019-05-16" <= "20190101" is true,
    # so a May 2019 action was listed in a brief scored as of 1 January.
    same = {techrisk.brief("KZ", as_of=a).markdown for a in ("20190101", "2019-01-01")}
    assert len(same) == 1


def test_a_url_that_escaped_validation_still_cannot_break_the_markdown(fixture_data):
    # Defence in depth: build a record without validation (as a caller's own code could).
    import dataclasses

    registry = techrisk.load()
    kz = next(d for d in registry.deployments if d.country == "KZ")
    evil = kz.evidence[0].model_copy(update={"url": "https://a.example/x><script>alert(5)</script>"})
    patched = tuple(d.model_copy(update={"evidence": (evil,)}) if d.id == kz.id else d for d in registry.deployments)
    markdown = techrisk.brief("KZ", registry=dataclasses.replace(registry, deployments=patched), as_of=AS_OF).markdown
    assert "<script" not in markdown.replace("\\<script", "")
    assert "x%3E%3Cscript%3E" in markdown


def test_scalar_tags_are_the_same_on_every_read(tmp_path):
    """The loader remembers each plain scalar's tag; a second file must read exactly as a
    first would: NO stays text, true is a boolean, a quoted "true" stays text, dates stay text."""
    from techrisk.data.yaml_io import read_yaml

    path = tmp_path / "values.yaml"
    path.write_text('a: NO\nb: true\nc: "true"\nd: 2019-01-01\ne: 12\nf: no\ng: ~\nh: "12"\n', encoding="utf-8")
    expected = {"a": "NO", "b": True, "c": "true", "d": "2019-01-01", "e": 12, "f": "no", "g": None, "h": "12"}
    assert read_yaml(path).data == expected
    assert read_yaml(path).data == expected


def test_a_file_without_anchors_reads_the_same_without_its_node_tree(tmp_path):
    """Files without anchors are built from the parser's events (no node tree: it held about as
    much memory as the values). Values and record lines must be exactly what the node path
    gives, for every bundled file and for a file with comments, flow style, scalars of every
    allowed tag and keys that are numbers; a deep error still names its line."""
    from pathlib import Path

    from techrisk.data import yaml_io

    text = ("# comment\n\n# another\ndeployments:\n  - {id: a-1, n: 12, f: 1.5, b: true, z: ~, q: '12'}\n"
            "  - id: a-2\n    nested:\n      - [1, two, {3: x}]\n    note: >-\n      folded\n      text\n"
            "presence: []\n")
    sample = tmp_path / "sample.yaml"
    sample.write_text(text, encoding="utf-8")
    files = [sample, *sorted((Path(__file__).parents[1] / "vendors").rglob("*.yaml"))]
    for path in files:
        text = path.read_text(encoding="utf-8")
        if "&" in text:
            continue
        loader = yaml_io._Loader(text)
        node = loader.get_single_node()
        expected = (yaml_io._construct(loader, node), yaml_io._shallow_lines(node))
        loader.dispose()
        loader = yaml_io._Loader(text)
        built = yaml_io._build_from_events(loader, check_chars=True)
        loader.dispose()
        assert built is not yaml_io._FALLBACK, path
        assert repr(built[0]) == repr(expected[0]) and built[1] == expected[1], path
    doc = yaml_io.read_yaml(sample)
    assert doc.data["deployments"][0] == {"id": "a-1", "n": 12, "f": 1.5, "b": True, "z": None, "q": "12"}
    assert doc.data["deployments"][1]["nested"] == [[1, "two", {3: "x"}]]
    assert (doc.line(("deployments",)), doc.line(("deployments", 0)), doc.line(("deployments", 1))) == (4, 5, 6)
    # A value inside a record: its line comes from the node tree, composed again on demand.
    assert doc.line(("deployments", 1, "note")) == 9
    assert doc.line(("deployments", 1, "nested", 0)) == 8
