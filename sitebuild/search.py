"""Search ranking: a concept page ranks above the labs and reference pages that mention it."""

from __future__ import annotations

CONCEPT_BOOST = 2
REFERENCE_BOOST = 0.5


def boost(meta: dict, shows_snippets: bool) -> None:
    """Set a page's `search: boost:` unless its front matter sets one."""
    if "Reference" in (meta.get("tags") or []):
        meta.setdefault("search", {}).setdefault("boost", REFERENCE_BOOST)
    elif shows_snippets:
        meta.setdefault("search", {}).setdefault("boost", CONCEPT_BOOST)
