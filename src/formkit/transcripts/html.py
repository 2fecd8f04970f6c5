"""The online account's HTML transcript, read as lines for the text reader.

The markup changes (label/value ``div`` pairs, ``dt``/``dd`` pairs, a transactions
table), so the page is flattened instead of matched by class names: block elements end
a line, a table row is one line (its cells, even a DLN after a ``<br>``, joined by
spaces). The text reader then finds the same labels (case-insensitively) and the same
five-column rows.
"""

from __future__ import annotations

from html.parser import HTMLParser

_BLOCK = frozenset({"div", "p", "tr", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "br", "table",
                    "section", "header", "footer", "thead", "tbody", "dl", "ul", "ol", "article", "main"})
_CELL = frozenset({"td", "th"})
_SKIP = frozenset({"script", "style", "head", "title", "noscript"})


class _Flatten(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skipping = 0
        self.in_row = 0

    def _end_line(self) -> None:
        text = " ".join(" ".join(self.current).split())
        if text:
            self.lines.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag == "tr":
            self._end_line()
            self.in_row += 1
        elif tag in _BLOCK and not self.in_row:
            self._end_line()
        elif tag in _CELL or (tag in _BLOCK and self.in_row):
            self.current.append("  ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(self.skipping - 1, 0)
        elif tag == "tr":
            self.in_row = max(self.in_row - 1, 0)
            self._end_line()
        elif tag in _BLOCK and not self.in_row:
            self._end_line()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.current.append(data)


def html_to_text(html: str) -> str:
    parser = _Flatten()
    parser.feed(html)
    parser.close()
    parser._end_line()
    return "\n".join(parser.lines) + "\n"
