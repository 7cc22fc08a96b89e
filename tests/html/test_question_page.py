"""The reviewer's page: the answer first, nothing to wade through, and a head that previews the answer."""
from __future__ import annotations

import re

from faqsite.pages.search import STOP_WORDS, words
from faqsite.site import search_entries
from support import SITE_URL, indexed_words


def test_the_page_opens_with_title_id_review_state_then_the_short_answer(pages, content) -> None:
    q = content.content.by_id["ENC-038"]
    article = pages(q.url).select_one("article")
    blocks = [el for el in article.find_all(recursive=False) if el.name in ("h1", "p", "div", "details")]
    assert blocks[0].name == "h1" and blocks[0].get_text(strip=True).rstrip("¶") == q.title
    meta = blocks[1]
    assert "faq-meta" in meta["class"] and meta.has_attr("data-search-exclude")
    assert meta.select_one(".faq-id").get_text() == "ENC-038"
    assert meta.select_one("time")["datetime"] == q.reviewed.isoformat()
    answer = blocks[2]
    assert "faq-answer" in answer["class"]
    assert answer.get_text(" ", strip=True) == f"Short answer: {q.summary}"


def test_keywords_are_searchable_but_not_shown(pages, content, site_dir) -> None:
    q = content.content.by_id["ENC-028"]
    soup = pages(q.url)
    assert soup.select(".faq-terms") == []
    text = soup.select_one("article").get_text(" ")
    assert "Also searched as" not in text
    found = indexed_words(site_dir)[q.url]
    assert {w for k in q.keywords for w in words(k)} - STOP_WORDS <= found
    assert {"enc", "028", "enc028"} <= found
    # A tag's synonyms (data/tags.yml) are not copied onto each page that carries the tag.
    ade = next(q for q in content.content.questions if "ade" in q.tags)
    entry = next(e for e in search_entries(content) if e.url == ade.url)
    synonyms = set(content.content.tags["ade"].keywords) - set(ade.keywords)
    assert synonyms and not synonyms & set(entry.fields["keywords"].split(" ")), synonyms
    assert entry.fields["keywords"] == " ".join(ade.keywords)
    assert entry.fields["id"] == f"{ade.id} {ade.id.replace('-', '')}"


def test_the_head_carries_the_id_and_the_short_answer(pages, content, site_url) -> None:
    q = content.content.by_id["ENC-040"]
    head = pages(q.url).head
    assert head.title.get_text() == f"ENC-040: {q.title} - Azure VM Encryption FAQ"
    assert head.find("meta", attrs={"name": "description"})["content"] == f"ENC-040: {q.summary}"
    og = {m["property"]: m["content"] for m in head.find_all("meta", property=True)}
    assert og["og:title"] == f"ENC-040: {q.title}"
    assert og["og:description"] == f"ENC-040: {q.summary}"
    assert og["og:url"] == site_url + q.url
    assert og["og:type"] == "article"


def test_every_page_head_links_the_feed(pages) -> None:
    for path in pages.all_html():
        text = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue  # redirect stubs
        assert re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]* href="[^"]*feed\.xml"', text), path


def test_referenced_by_is_collapsed_and_caveats_are_not_repeated(pages, content) -> None:
    q = max(content.content.questions, key=lambda q: len(content.referenced[q.id]))
    soup = pages(q.url)
    heading = soup.find("h2", id="referenced-by")
    details = heading.find_next_sibling()
    assert details.name == "details" and not details.has_attr("open")
    assert len(details.select("li")) == len(content.referenced[q.id])
    cited = [c for c in content.controls if q.id in c.evidence]
    if cited:
        block = soup.find("h2", id="controls-this-answer-supports").find_next("ul")
        assert all(re.fullmatch(r"\.\./\.\./controls/[a-z0-9-]+/#[a-z0-9-]+", a["href"]) for a in block.select("a"))
        caveat_texts = {k.text for c in cited for k in c.caveats}
        page_text = " ".join(soup.select_one("article").get_text(" ").split())
        assert not any(" ".join(t.split()) in page_text for t in caveat_texts)


def test_every_question_has_a_report_link_with_its_id(pages, content) -> None:
    for q in content.content.questions[:10]:
        link = pages(q.url).select_one(".faq-report a")
        assert link.get_text() == f"Report a problem with {q.id}"
        assert q.id in link["href"]


def test_a_version_page_says_whose_version_and_when_in_its_title(pages, content) -> None:
    q = content.content.by_id["ENC-028"]
    head = pages("q/ENC-028/2026-11-28/").head
    assert head.title.get_text() == f"ENC-028 as reviewed on 2026-11-28: {q.title} - Azure VM Encryption FAQ"
    assert head.find("meta", attrs={"name": "robots"}) is None  # crawlable, with the answer as canonical
    canonical = [link["href"] for link in head.find_all("link", rel="canonical")]
    assert canonical == [SITE_URL + "disk-encryption/sse-disable/"]
    assert head.find("meta", property="og:url")["content"] == SITE_URL + "q/ENC-028/2026-11-28/"
