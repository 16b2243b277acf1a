"""Full-text search over the resource library: the SQL, beside the hot path's.

The action (`server/actions/resources/library.py` `search_resources`) writes normalised
`search_*` columns and asks here; both databases find the same entries without extensions:
SQLite through the FTS5 table `resources_fts` (bm25: name > topics > body), PostgreSQL through
the generated weighted `tsvector` column `search_vector` (GIN index, `ts_rank`). Filters are tag
tokens in the same index (`tlegal`, `rvmazowieckie` / `rnationwide`, `lpl`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, literal_column, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from server import search_text
from server.db.models import Resource

# what a search result shows (resource_dict reads these attributes from a plain row)
LIST_COLUMNS = (
    Resource.id,
    Resource.name,
    Resource.texts,
    Resource.status,
    Resource.topics,
    Resource.area,
    Resource.voivodeship,
    Resource.city,
    Resource.languages,
    Resource.phones,
    Resource.review_by,
    Resource.verified_on,
)


def region_tags(region: str | None) -> list[str]:
    if not region:
        return []
    return [search_text.tag("r", region), "rnationwide", "rinternational", "ronline"]


async def search_rows(
    s: AsyncSession,
    sqlite: bool,
    query: str,
    topic: str | None,
    region: str | None,
    language: str | None,
    status: str | None,
    public_only: bool,
    on: str,
    limit: int,
) -> list[Any]:
    terms = search_text.query_terms(query or "")
    tags_all = [search_text.tag("t", topic)] if topic else []
    if language:
        tags_all.append(search_text.tag("l", language))
    tags_any = region_tags(region)
    # plain rows of the columns a result shows (no ORM objects, no search_* text): cheaper
    base = select(*LIST_COLUMNS)
    if public_only:
        base = base.where(Resource.status == "vetted", Resource.review_by >= on)
    elif status:
        base = base.where(Resource.status == status)
    if not terms and not tags_all and not tags_any:
        return list((await s.execute(base.order_by(Resource.name).limit(limit))).all())
    for mode in ("AND", "OR") if len(terms) > 1 else ("AND",):
        if sqlite:
            parts = []
            if terms:
                parts.append(
                    "{name topics body} : (" + f" {mode} ".join(f"{t}*" for t in terms) + ")"
                )
            parts += [f"tags : {t}" for t in tags_all]
            if tags_any:
                parts.append("tags : (" + " OR ".join(tags_any) + ")")
            match = " AND ".join(parts)
            # FTS5 ranks and keeps only the best `cap` matches first (a top-k, fast); the status
            # and review date are checked on those. Too few left (many hidden entries among the
            # best) -> the same search without the cap, so the result is always the true top.
            cap = limit * 2 + 20
            rows = await _sqlite_top(s, base, match, limit, cap)
            if rows is None:
                rows = await _sqlite_ranked(s, base, match, limit)
            if rows:
                return rows
            continue
        else:
            parts = []
            if terms:
                parts.append(
                    "(" + (" & " if mode == "AND" else " | ").join(f"{t}:*ABC" for t in terms) + ")"
                )
            parts += [f"{t}:D" for t in tags_all]
            if tags_any:
                parts.append("(" + " | ".join(f"{t}:D" for t in tags_any) + ")")
            tsq = func.to_tsquery(literal_column("'simple'"), " & ".join(parts))
            vector: Any = literal_column("resources.search_vector")
            stmt = base.where(vector.op("@@")(tsq)).order_by(
                func.ts_rank(
                    literal_column("'{0.0, 0.2, 0.5, 1.0}'::float4[]"), vector, tsq
                ).desc(),
                Resource.name,
            )
        rows = list((await s.execute(stmt.limit(limit))).all())
        if rows:
            return rows
    return []


_BM25 = "bm25(resources_fts, 0.0, 10.0, 4.0, 1.0, 0.0)"  # resource_id, name, topics, body, tags


async def _sqlite_top(
    s: AsyncSession, base: Any, match: str, limit: int, cap: int
) -> list[Any] | None:
    """The best `cap` FTS5 matches (one quick top-k), then their rows if public/filtered, best
    first. None when hidden entries among those leave fewer than `limit` and more matches exist."""
    top = (
        await s.execute(
            text(
                f"SELECT resource_id, {_BM25} AS score FROM resources_fts WHERE resources_fts MATCH :q ORDER BY score LIMIT :cap"
            ),
            {"q": match, "cap": cap},
        )
    ).all()
    if not top:
        return []
    score: dict[str, float] = dict(top)
    rows = list((await s.execute(base.where(Resource.id.in_(list(score))))).all())
    rows.sort(key=lambda r: (score[r.id], r.name))
    if len(rows) < limit and len(top) >= cap:
        return None
    return rows[:limit]


async def _sqlite_ranked(s: AsyncSession, base: Any, match: str, limit: int) -> list[Any]:
    """Every FTS5 match joined with its row (the slower, uncut path)."""
    ranked = (
        select(literal_column("resource_id").label("rid"), literal_column(_BM25).label("score"))
        .select_from(text("resources_fts"))
        .where(text("resources_fts MATCH :q").bindparams(q=match))
        .subquery()
    )
    stmt = (
        base.join(ranked, ranked.c.rid == Resource.id)
        .order_by(ranked.c.score, Resource.name)
        .limit(limit)
    )
    return list((await s.execute(stmt)).all())
