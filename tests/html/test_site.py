"""Assertions on the built site: what the pages say, not just that they exist."""
from __future__ import annotations

import csv
import io
import json
import posixpath
import re
from urllib.parse import urljoin, urlparse
from xml.etree import ElementTree as ET

from bs4 import BeautifulSoup

from support import search_index

LOADING_ATTRS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src",
                 "audio": "src", "embed": "src", "object": "data", "track": "src"}
LINK_RELS_THAT_LOAD = {"stylesheet", "preload", "modulepreload", "icon", "manifest", "prefetch", "preconnect",
                       "dns-prefetch", "apple-touch-icon"}


def text_of(element) -> str:
    """Visible text with white space folded and permalink marks dropped."""
    return " ".join(element.get_text().replace("¶", "").split())


def is_other_origin(url: str) -> bool:
    return url.startswith("//") or bool(urlparse(url).scheme in ("http", "https") and urlparse(url).netloc)


def test_no_page_loads_anything_from_another_origin(pages) -> None:
    offenders = []
    for path in pages.all_html():
        soup = pages(str(path.relative_to(pages.root)))
        for tag, attr in LOADING_ATTRS.items():
            for element in soup.find_all(tag):
                if element.get(attr) and is_other_origin(element[attr]):
                    offenders.append(f"{path}: <{tag} {attr}={element[attr]}>")
        for link in soup.find_all("link", href=True):
            if set(link.get("rel", [])) & LINK_RELS_THAT_LOAD and is_other_origin(link["href"]):
                offenders.append(f"{path}: <link rel={link['rel']} href={link['href']}>")
        for style in soup.find_all(style=True):
            if re.search(r"url\(\s*['\"]?(https?:)?//", style["style"]):
                offenders.append(f"{path}: inline style loads {style['style']}")
    for css in pages.root.rglob("*.css"):
        if re.search(r"(@import|url\()\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")):
            offenders.append(f"{css}: loads from another origin")
    assert len(pages.all_html()) > 50
    assert offenders == []


def test_every_question_page_shows_id_short_answer_and_provenance(pages, content) -> None:
    for q in content.content.questions:
        soup = pages(q.url)
        h1 = soup.find("h1")
        assert text_of(h1) == q.title
        meta_line = h1.find_next_sibling()
        assert meta_line.select_one(".faq-id").get_text() == q.id, q.id
        assert soup.find("meta", attrs={"name": "description"})["content"] == f"{q.id}: {q.summary}"
        short = soup.select_one(".faq-answer")
        assert text_of(short) == "Short answer: " + q.summary
        provenance = soup.select_one(".faq-provenance")
        text = provenance.get_text(" ", strip=True)
        assert f"{q.reviewed.day} {q.reviewed:%B %Y}" in text
        source_links = [a["href"] for a in provenance.select("ol a")]
        assert source_links == [s.url for s in q.sources]
        assert all(h.startswith("https://") for h in source_links)
        if q.since_2020 != "unchanged":
            assert soup.select_one(".admonition.info"), f"{q.id} does not show what changed since 2020"


def test_citation_holds_id_question_short_link_version_and_date(pages, content, site_url) -> None:
    for q in content.content.questions:
        box = pages(q.url).select_one(".faq-cite")
        canonical = site_url + q.url
        assert pages(q.url).find("link", rel="canonical")["href"] == canonical
        short, version = f"{site_url}q/{q.id}/", f"{site_url}q/{q.id}/{q.reviewed.isoformat()}/"
        for fmt in ("text", "markdown", "jira"):
            cite = box[f"data-cite-{fmt}"]
            assert q.id in cite and short in cite and version in cite and q.reviewed.isoformat() in cite
            assert canonical not in cite
        assert box["data-cite-markdown"].startswith(f"[{q.id}: ") and f"]({short})" in box["data-cite-markdown"]
        assert box["data-cite-jira"].startswith(f"[{q.id}: ") and f"|{short}]" in box["data-cite-jira"]
        assert box.select_one("[role=status][aria-live=polite]") is not None
        assert len(box.select("button[type=button]")) == 3


def test_short_links_land_on_their_question(pages, content, site_url) -> None:
    for q in content.content.questions:
        stub = pages(f"q/{q.id}/")
        refresh = stub.find("meta", attrs={"http-equiv": "refresh"})["content"]
        target = refresh.split("url=", 1)[1]
        landed = posixpath.normpath(posixpath.join(f"q/{q.id}", target))
        assert landed + "/" == q.url
        assert stub.find("link", rel="canonical")["href"] == site_url + q.url
        assert pages.path(landed).exists()


def test_every_question_of_the_2020_post_maps_to_a_built_page(pages, content) -> None:
    mapping = content.content.post_map
    assert len(mapping) >= 28
    table = pages("what-changed/").find("h2", id="the-2020-post-question-by-question").find_next("table")
    rows = table.select("tbody tr")
    assert len(rows) == len(mapping)
    by_id = content.content.by_id
    for row, entry in zip(rows, mapping):
        linked = [a.get_text() for a in row.select("a")]
        assert linked == list(entry.answers)
        for qid in entry.answers:
            assert pages.path(by_id[qid].url).exists()


def test_what_changed_lists_every_corrected_and_new_answer(pages, content) -> None:
    soup = pages("what-changed/")
    listed = {posixpath.normpath(posixpath.join("what-changed", a["href"])) + "/" for a in soup.select("article ul a")}
    for q in content.content.questions:
        assert (q.url in listed) == (q.since_2020 in ("corrected", "new")), q.id


def matrix_table(pages):
    return pages("comparison/").select_one("article table")


def test_matrix_has_every_option_and_property_with_linked_evidence(pages, content) -> None:
    matrix = content.matrix
    assert len(matrix.options) >= 5 and len(matrix.properties) >= 12
    table = matrix_table(pages)
    headers = [text_of(th) for th in table.select("thead th")]
    assert headers[1:] == [o.short for o in matrix.options]
    rows = table.select("tbody tr")
    assert len(rows) == len(matrix.properties)
    for row, prop in zip(rows, matrix.properties):
        cells = row.find_all("td")
        assert cells[0].find("a")["id"] == f"row-{prop.slug}"
        for td, option in zip(cells[1:], matrix.options):
            cell = prop.cells[option.slug]
            evidence = [a.get_text() for a in td.find_all("a")]
            assert evidence == list(cell.evidence), (prop.slug, option.slug)
            assert cell.note in text_of(td)


def test_all_questions_page_lists_every_answer_with_anchor_but_keeps_titles_out_of_navigation(pages, content) -> None:
    soup = pages("all-questions/")
    article = soup.select_one("article")
    for q in content.content.questions:
        heading = article.find(id=q.id.lower())
        assert heading is not None and heading.name == "h3", q.id
        assert text_of(heading) == f"{q.id}: {q.title}"
        entry = heading.find_next_siblings("p", limit=3)
        assert text_of(entry[0]) == q.summary
        assert entry[1].find("a")["href"].rstrip("/").endswith(q.url.rstrip("/").rsplit("/", 1)[-1])
        assert [a["href"] for a in entry[2].find_all("a")] == [s.url for s in q.sources]
    navigation = " ".join(text_of(nav) for nav in soup.select("nav.md-nav"))
    assert [t.title for t in content.content.topics.values()][0] in navigation
    assert not any(q.title in navigation for q in content.content.questions)


def test_search_index_holds_answers_not_listings_or_closing_blocks(site_dir, content) -> None:
    """The site's own index: every answer with its short answer as the snippet and its body's sections, no closing
    block, no listing page; the theme's index is left empty (its worker is not the one the pages use)."""
    docs = {doc[0]: doc for doc in search_index(site_dir)["docs"]}
    for q in content.content.questions:
        url, title, snippet, sections = docs[q.url]
        assert title == f"{q.id}: {q.title}" and snippet == f"Short answer: {' '.join(q.summary.split())}", q.id
        anchors = {anchor for anchor, _ in sections}
        assert not anchors & {"sources-and-review", "cite-this-answer", "related-questions", "referenced-by",
                              "controls-this-answer-supports", "used-in-the-comparison"}, q.id
    assert not [url for url in docs if url.startswith(("tags/", "all-questions/", "retired/", "q/"))]
    assert "what-changed/" in docs and "comparison/" in docs and "" in docs
    for topic in content.content.topics:  # a topic page is found by its title and introduction only
        assert docs[f"{topic}/"][3] == []
    assert [anchor for anchor, _ in docs["what-changed/"][3]] == ["the-2020-post-question-by-question"]
    theme = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert theme["docs"] == []


def test_every_search_result_and_section_link_lands_on_a_page_and_heading(site_dir) -> None:
    """Anchors in the index repeat the table of contents' rule: each must be an id on its built page."""
    checked = 0
    for url, _, _, sections in search_index(site_dir)["docs"]:
        page = site_dir / url / "index.html"
        assert page.is_file(), url
        ids = {tag["id"] for tag in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("[id]")}
        for anchor, heading in sections:
            assert anchor in ids, f"{url}#{anchor} ({heading})"
            checked += 1
    assert checked > 300


def test_pages_use_the_sites_search_worker(pages) -> None:
    config = json.loads(pages("index.html").select_one("script#__config").string)
    assert config["search"] == "assets/javascripts/faq-search.js"
    nested = json.loads(pages("disk-encryption/own-keys/").select_one("script#__config").string)
    assert nested["search"] == "../../assets/javascripts/faq-search.js"


def test_evidence_pages_link_back_to_their_comparison_rows(pages, content) -> None:
    comparison = pages("comparison/")
    for qid, props in content.matrix.evidence_index.items():
        q = content.content.by_id[qid]
        section = pages(q.url).find("h2", id="used-in-the-comparison")
        assert section is not None, qid
        links = [a["href"] for a in section.find_next("ul").find_all("a")]
        assert links == [f"../../comparison/#{p.slug}" for p in props]
        for p in props:
            assert comparison.find(id=p.slug) is not None


def test_exports_agree_with_the_html(pages, content) -> None:
    data = json.loads(pages.path("matrix.json").read_text())
    table = matrix_table(pages)
    for row, prop in zip(table.select("tbody tr"), data["properties"]):
        for td, option in zip(row.find_all("td")[1:], data["options"]):
            cell = prop["cells"][option["id"]]
            # The reader sees "Yes", "No" and "Partly" for yes, no and partial, other values as written, and
            # the condition after the verdict where the value holds only under one.
            label = {"yes": "Yes", "no": "No", "partial": "Partly"}.get(cell["value"], cell["value"])
            expected = f"{label}, only if {cell['condition']}" if cell.get("condition") else label
            assert text_of(td.find("strong")) == expected, (prop["id"], option["id"])
    rows = list(csv.DictReader(io.StringIO(pages.path("matrix.csv").read_text())))
    assert len(rows) == len(data["properties"]) * len(data["options"])
    questions = json.loads(pages.path("questions.json").read_text())["questions"]
    assert [q["id"] for q in questions] == [q.id for q in content.content.questions]
    for record in questions:
        page = pages(urlparse(record["url"]).path)
        assert text_of(page.find("h1")) == record["question"]
        # the description previews the answer with its ID, as a pasted link shows it
        assert page.find("meta", attrs={"name": "description"})["content"] == f"{record['id']}: {record['short_answer']}"
        assert page.select_one(".faq-id").get_text() == record["id"]


def test_feed_is_atom_with_one_entry_per_version_newest_first(pages, content) -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(pages.path("feed.xml").read_bytes())
    entries = feed.findall("a:entry", ns)
    assert len(entries) == sum(len(found) for found in content.versions.values())
    dates = [e.find("a:updated", ns).text for e in entries]
    assert dates == sorted(dates, reverse=True)
    ids = {e.find("a:title", ns).text.split(":")[0] for e in entries}
    assert ids == {q.id for q in content.content.questions}


def test_every_question_has_related_questions(pages, content) -> None:
    for q in content.content.questions:
        heading = pages(q.url).find("h2", id="related-questions")
        assert heading is not None, q.id
        items = heading.find_next("ul").find_all("li")
        assert 1 <= len(items) <= 5
        first = [li.get_text().split(":")[0] for li in items][: len(q.related)]
        assert first == q.related[:5]


def test_glossary_terms_are_hover_definitions(pages) -> None:
    abbrs = pages("disk-encryption/sse-vs-ade/").find_all("abbr")
    assert {"SSE", "ADE"} <= {a.get_text() for a in abbrs}
    assert all(a.get("title") for a in abbrs)
    rows = pages("glossary/").select("article table tbody tr")
    assert len(rows) >= 14


def test_navigation_lists_topics_not_questions(pages, content) -> None:
    nav = pages("disk-encryption/sse-vs-ade/").select_one("nav.md-nav--primary")
    hrefs = [a["href"] for a in nav.find_all("a", href=True) if not a["href"].startswith("#")]
    assert len(hrefs) < 25  # 24: the topics, the single pages and the five controls framework pages
    question_urls = {q.url for q in content.content.questions}
    assert not any(posixpath.normpath(posixpath.join("disk-encryption/sse-vs-ade", h)) + "/" in question_urls
                   for h in hrefs)


def test_topic_page_groups_questions_by_theme_with_short_answers(pages, content) -> None:
    soup = pages("disk-encryption/")
    listed = [a["href"] for a in soup.select("article li a")]
    questions = [q for q in content.content.questions if q.topic == "disk-encryption"]
    assert len(listed) == len(questions) >= 40
    assert len(soup.select("article h2")) >= 5
    assert questions[0].summary[:40] in soup.get_text()


def test_footer_shows_build_date_and_revision(pages) -> None:
    footer = pages("index.html").select_one(".faq-build").get_text(" ", strip=True)
    assert re.search(r"Built \d{4}-\d{2}-\d{2}", footer)
    assert re.search(r"source revision [0-9a-f]{7,}|source revision not recorded", footer)


def test_not_found_page_points_to_short_links(pages) -> None:
    text = pages("404.html").get_text(" ")
    assert "/q/ENC-001/" in text


def test_tag_pages_list_their_questions_with_short_answers(pages, content) -> None:
    for tag in content.content.tags:
        soup = pages(f"tags/{tag}/")
        tagged = [q for q in content.content.questions if tag in q.tags]
        assert len(soup.select("article ul li")) == len(tagged)
        for q in tagged[:3]:
            assert q.summary[:30] in soup.get_text()


def test_file_link_check_of_the_whole_site_is_clean(site_dir) -> None:
    from faqsite.release.linkcheck import check_site
    assert check_site(site_dir) == []


def test_every_source_is_an_https_url_of_a_plain_host(content) -> None:
    for q in content.content.questions:
        for source in q.sources:
            parsed = urlparse(source.url)
            assert parsed.scheme == "https" and "." in parsed.netloc and not parsed.username, (q.id, source.url)


def test_no_page_has_inline_style_attributes(pages) -> None:
    """The CSP allows styles from the site's own files only (style-src 'self')."""
    styled = [str(p) for p in pages.all_html() if pages(str(p.relative_to(pages.root))).find(style=True)]
    assert styled == []


def control_records(pages) -> list[dict]:
    return json.loads(pages.path("controls.json").read_text())["controls"]


FRAMEWORKS = ["mcsb", "cis-azure", "nist-800-53", "pci-dss", "iso-27001"]


def test_controls_overview_keeps_every_control_anchor_leading_to_its_full_section(pages) -> None:
    """Tickets cite /controls/#<key>: the overview keeps that anchor, and it links to the control's section."""
    soup = pages("controls/")
    records = control_records(pages)
    assert len(records) >= 18
    for record in records:
        anchor = soup.select_one(f"article [id='{record['key']}']")
        assert anchor is not None and anchor.name == "a", record["key"]
        assert anchor["href"] == f"{record['framework']['key']}/#{record['key']}"
        target = pages(f"controls/{record['framework']['key']}/").find(id=record["key"])
        assert target is not None and target.name == "h2", record["key"]
        assert text_of(target).startswith(record["id"] + ": ") and text_of(anchor).endswith(" " + text_of(target))
    assert soup.find(id="mcsb-dp-4")["href"] == "mcsb/#mcsb-dp-4"
    assert [h["id"] for h in soup.select("article h2")] == ["at-a-glance", *FRAMEWORKS]
    for key in FRAMEWORKS:
        assert soup.find(id=key).find_next("a", href=f"{key}/") is not None, key
    assert soup.select("article .admonition") == [] and "Definition ID" not in text_of(soup.select_one("article"))


def test_each_framework_page_holds_exactly_its_controls_with_their_caveats(pages) -> None:
    records = control_records(pages)
    assert list(dict.fromkeys(r["framework"]["key"] for r in records)) == FRAMEWORKS
    for key in FRAMEWORKS:
        soup = pages(f"controls/{key}/")
        mine = [r for r in records if r["framework"]["key"] == key]
        headings = soup.select("article h2")
        assert [h["id"] for h in headings] == [r["key"] for r in mine], key
        for heading, record in zip(headings, mine):
            warnings = []
            for sibling in heading.find_next_siblings():
                if sibling.name == "h2":
                    break
                if "warning" in (sibling.get("class") or []):
                    warnings.append(text_of(sibling.find("strong")))
            assert warnings == [c["title"] + "." for c in record["caveats"]], record["key"]
    pci = text_of(pages("controls/pci-dss/").select_one("article"))
    assert "3.5.1.2" in pci and "Unverified" in pci and "Disk encryption alone does not meet 3.5.1" in pci
    assert "Disk encryption alone does not meet 3.5.1" not in text_of(pages("controls/mcsb/").select_one("article"))


def test_controls_pages_are_light(pages) -> None:
    """The single controls page was 153 KB of HTML (Lighthouse mobile 79): no page carries the catalogue now."""
    sizes = {url: pages.path(url).stat().st_size for url in ["controls/", *(f"controls/{k}/" for k in FRAMEWORKS)]}
    assert sizes["controls/"] < 45_000, sizes
    assert max(sizes.values()) < 75_000, sizes


def test_navigation_lists_every_framework_page(pages) -> None:
    nav = pages("controls/").select_one("nav.md-nav--primary")
    hrefs = [urljoin("/controls/", a["href"]) for a in nav.find_all("a", href=True) if "#" not in a["href"]]
    listed = [h for h in hrefs if h.startswith("/controls/") and h != "/controls/"]
    assert listed == [f"/controls/{k}/" for k in FRAMEWORKS]
    assert "/controls/" in hrefs


def test_question_pages_list_the_controls_they_support_as_exported(pages, content) -> None:
    questions = json.loads(pages.path("questions.json").read_text())["questions"]
    with_controls = [q for q in questions if q["controls"]]
    assert len(with_controls) >= 5
    for record in with_controls:
        heading = pages(urlparse(record["url"]).path).find("h2", id="controls-this-answer-supports")
        assert heading is not None, record["id"]
        items = heading.find_next("ul").find_all("li")
        anchors = [li.find("a", href=re.compile(r"controls/[a-z0-9-]+/#"))["href"].split("#")[1] for li in items]
        assert anchors == record["controls"], record["id"]
        for li in items:  # a control's caveats are linked on the controls page, not repeated here
            extra = li.find_all("a")[1:]
            assert all(a["href"].endswith("#" + anchors[items.index(li)]) and "caveat" in a.get_text()
                       for a in extra), record["id"]
