"""Upkeep of the content: checks a maintainer runs on a schedule, outside the build.

`sources` (``python -m faqsite sources``, ``make sources``) visits every page the answers cite, and the
outbound links of a built site, and reports what changed since the authors read them. See
`report.review_due` for reading its JSON report from the build.
"""
