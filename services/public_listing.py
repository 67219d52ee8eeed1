"""The one search-and-page mechanism every public list shares (no login).

A public list is a SQL query, a free-text search over a few of its columns, and a page of
`PUBLIC_PAGE_SIZE` rows. `PublicSearch` is what the URL carries (`q`, `page`), `paginate` runs
the query once for the count and once for the page, and `PublicPage` is what a template or the
JSON API renders (with the pager's links built from the same search).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

PUBLIC_PAGE_SIZE = 20
MAX_QUERY_LENGTH = 100
MAX_PAGE = 10_000

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class PublicSearch:
    """What a visitor typed (trimmed and capped) and the page asked for."""

    q: str = ""
    page: int = 1

    @classmethod
    def of(cls, q: str | None, page: int | None) -> PublicSearch:
        return cls((q or "").strip()[:MAX_QUERY_LENGTH], min(max(page or 1, 1), MAX_PAGE))


@dataclass(frozen=True)
class PublicPage(Generic[T]):
    rows: list[T]
    total: int
    search: PublicSearch
    size: int = PUBLIC_PAGE_SIZE

    @property
    def page(self) -> int:
        return self.search.page

    @property
    def pages(self) -> int:
        return max((self.total + self.size - 1) // self.size, 1)

    def link(self, path: str, page: int, **extra: str) -> str:
        """The URL of another page of the same search (the filters stay in the URL)."""
        params = {**{k: v for k, v in extra.items() if v}, "q": self.search.q, "page": str(page)}
        return f"{path}?{urlencode({k: v for k, v in params.items() if v})}"

    def map(self, convert: Callable[[T], R]) -> PublicPage[R]:
        return PublicPage([convert(row) for row in self.rows], self.total, self.search, self.size)


def matching(q: str, columns: Sequence[Any]) -> ColumnElement[bool] | None:
    """Rows where any of the columns contains the text (LIKE, with the visitor's % and _ escaped)."""
    if not q:
        return None
    return or_(*(column.contains(q, autoescape=True) for column in columns))


def paginate(db: Session, query: Select[Any], search: PublicSearch, *, size: int = PUBLIC_PAGE_SIZE) -> PublicPage[Any]:
    """Count the query's rows and fetch the requested page (ordered by the query's own order)."""
    total = db.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    result = db.execute(query.offset((search.page - 1) * size).limit(size))
    rows: list[Any] = [row[0] if len(row) == 1 else tuple(row) for row in result]
    return PublicPage(rows, total, search, size)
