"""Claims a reviewer can check: every answer quotes the source its short answer rests on, shown beside the source."""
from __future__ import annotations


def test_every_answer_has_a_source_quote(content) -> None:
    missing = [q.id for q in content.content.questions if not any(s.quote for s in q.sources)]
    assert missing == []


def test_the_quote_is_shown_beside_its_source_and_marked_as_microsofts(pages, content) -> None:
    for q in content.content.questions[:: max(1, len(content.content.questions) // 12)]:
        provenance = pages(q.url).select_one(".faq-provenance")
        quotes = [span.select_one("q").get_text() for span in provenance.select(".faq-quote")]
        assert quotes == [s.quote for s in q.sources if s.quote], q.id
        assert all(span.get_text().startswith("Microsoft: ") for span in provenance.select(".faq-quote"))
        for span in provenance.select(".faq-quote"):
            source_link = span.find_previous("a")
            assert source_link["href"].startswith("https://"), q.id


def test_unverified_claims_are_labelled(pages, content) -> None:
    unverified = [(q, s) for q in content.content.questions for s in q.sources if s.unverified]
    assert unverified, "the fact check found claims resting on text no copy of the source shows"
    q, source = unverified[0]
    labels = [span.get_text(" ", strip=True) for span in pages(q.url).select(".faq-unverified")]
    assert f"Unverified: {source.unverified}" in labels
