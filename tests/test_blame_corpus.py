"""Blame language, measured: the rule on a labelled corpus of postmortem sentences, and the
figures its documentation states."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from flaims_tool import blame
from flaims_tool.rules import RULES, all_rules

from .conftest import HERE, Run, lint_json

CORPUS = yaml.safe_load((HERE / "fixtures" / "blame-corpus.yaml").read_text("utf-8"))


def _measure() -> tuple[float, float, int, int, int]:
    tp = sum(blame.find(s) is not None for s in CORPUS["blaming"])
    fp = sum(blame.find(s) is not None for s in CORPUS["blameless"])
    fn = len(CORPUS["blaming"]) - tp
    return tp / (tp + fp), tp / (tp + fn), len(CORPUS["blaming"]), len(CORPUS["blameless"]), tp


def test_the_corpus_is_big_and_balanced() -> None:
    blaming, blameless = CORPUS["blaming"], CORPUS["blameless"]
    assert all(isinstance(s, str) for s in blaming + blameless)
    assert len(blaming) + len(blameless) >= 80
    assert abs(len(blaming) - len(blameless)) <= 0.1 * (len(blaming) + len(blameless))
    assert len(set(blaming + blameless)) == len(blaming + blameless)


def test_precision_and_recall_reach_0_9_and_the_docs_say_what_was_measured() -> None:
    precision, recall, blaming, blameless, _ = _measure()
    assert precision >= 0.9 and recall >= 0.9, (precision, recall)
    all_rules()
    why = RULES["blame-language"].why
    assert f"{blaming + blameless} labelled sentences" in why
    assert f"{blaming} blaming, {blameless} blameless" in why
    assert re.search(rf"precision {precision:.2f}, recall {recall:.2f}\b", why), why


def test_never_ids_file_names_or_quoted_log_lines() -> None:
    for text in ["See 2026-03-10-human-error-in-config for the earlier report.",
                 "The file careless-driver.yaml holds the old settings.",
                 'The log said "operator error: retry limit" 400 times.',
                 "`git blame Lee` shows when the line changed.",
                 "The flag careless_retries was on."]:
        assert blame.find(text) is None, text


def test_names_from_people_count_anywhere_in_the_sentence() -> None:
    assert blame.find("After the standup, Bob Li deleted the volume.", ["Bob Li"]) == "Bob Li deleted"
    assert blame.find("After the standup, Bob Li deleted the volume.") is None


def test_lint_reports_the_phrase(flaims: Run, example_repo: Path) -> None:
    rel = "failures/2026/2026-03-10-payment-timeouts.yaml"
    path = example_repo / rel
    path.write_text(path.read_text("utf-8").replace(
        "  - Connection pool sized for last year's traffic.",
        "  - Bob Li forgot to resize the pool.\n  - We blame the process, not people."), "utf-8")
    assert [(d["line"], d["code"], d["message"]) for d in lint_json(flaims, example_repo)["diagnostics"]] == [
        (13, "blame-language",
         "'forgot to' is blame language; describe the system and the decisions, not a culprit"),
    ]


_PIECES = ["`x`", "'q'", "\"log\"", "a/b", "x_y", "file.yaml", "a-b-c", "Sara", "he", "the intern",
           "human error", "forgot to", "broke", "not", "no one", ".", ";", "should have known",
           "blamed", "Blame", "Tomas broke", "careless", "\n", "isn't", "rather than",
           "The engineer deleted", "Sara's fault", "`a b`", "(", "!", "?  "]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=10),
       st.sampled_from([(), ("Sara", "Tomas Lindqvist", "Tomas")]))
def test_the_cheap_first_test_never_clears_a_sentence_that_blames(pieces: list[str],
                                                                names: tuple[str, ...]) -> None:
    """`worth_reading` lets `find` skip most sentences: it must be true of every sentence in
    which `find`, reading the blanked prose, would find blame."""
    text = " ".join(pieces)
    if blame.may_blame(text.lower()) and blame._find_in_prose(text, names) is not None:
        assert blame.worth_reading(text, names), text


_NAME_PIECES = ["Sara", "Tomas", "Tomas Lindqvist", "Lindqvist", "Ann", "Ann-Marie", "Marie",
                "Sara_", "xSara", "Émile", "Émile Zola", "broke", "forgot", "failed to", "missed",
                "brokes", "pushed a broken", "deleted", " ", ".", "-", "_", "é", "the", "9"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_NAME_PIECES), min_size=1, max_size=8),
       st.sampled_from(["", " "]),
       st.lists(st.sampled_from(["Sara", "Tomas", "Tomas Lindqvist", "Ann", "Ann-Marie", "Marie",
                                 "Émile", "Émile Zola", "Sara_"]), min_size=1, max_size=6))
def test_names_are_found_where_one_expression_of_them_would_find_them(
        pieces: list[str], glue: str, names: list[str]) -> None:
    """`_Names` replaces `\\b(?:name|...) verb` (too slow with hundreds of names): the same
    leftmost, longest match, word boundaries as re has them."""
    text = glue.join(pieces)
    ordered = sorted(set(names), key=len, reverse=True)
    expected = re.compile(rf"\b(?:{'|'.join(re.escape(n) for n in ordered)}) "
                          rf"{blame._FAILURE_VERB}").search(text)
    got = blame._named(tuple(names)).search(text)
    assert got == ((expected.start(), expected.end()) if expected else None), text
