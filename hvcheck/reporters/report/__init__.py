"""Compatibility reports for people who decide what to buy and what to migrate: Markdown, HTML, JSON."""

from hvcheck.reporters.report.html import render_html
from hvcheck.reporters.report.json_report import render_json
from hvcheck.reporters.report.markdown import render_markdown

__all__ = ["render_html", "render_json", "render_markdown"]
