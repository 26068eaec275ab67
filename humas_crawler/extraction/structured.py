"""The structured-data layer: JSON-LD (NewsArticle and kin), OpenGraph and ``article:*`` meta."""

from __future__ import annotations

import json


def structured_data(doc) -> dict:
    """Fields from JSON-LD (NewsArticle and kin) and OpenGraph/``article:*`` meta.

    A plain ``<meta name="author">`` is not among them: CMS templates fill it with the site's name
    on every page (see :func:`meta_content`), so printed bylines come first.
    """
    found: dict = {}
    for item in _jsonld_articles(doc):
        _set_missing(found, "jsonld", {
            "title": item.get("headline"),
            "published_at": item.get("datePublished"),
            "updated_at": item.get("dateModified"),
            "author": _jsonld_name(item.get("author")),
            "editor": _jsonld_name(item.get("editor")),
            "category": _first(item.get("articleSection")),
            "tags": _keywords(item.get("keywords")),
            "lead_image": _jsonld_name(item.get("image"), key="url"),
        })
    tags = [m.get("content") for m in doc.iter("meta") if (m.get("property") or "").lower() == "article:tag"]
    _set_missing(found, "meta", {
        "title": meta_content(doc, "og:title") or meta_content(doc, "twitter:title"),
        "published_at": meta_content(doc, "article:published_time") or meta_content(doc, "pubdate")
                        or meta_content(doc, "publishdate"),
        "updated_at": meta_content(doc, "article:modified_time") or meta_content(doc, "og:updated_time"),
        "author": meta_content(doc, "article:author"),
        "category": meta_content(doc, "article:section"),
        "tags": [t for t in tags if t] or _keywords(meta_content(doc, "news_keywords")),
        "lead_image": meta_content(doc, "og:image") or meta_content(doc, "twitter:image"),
    })
    return found


def meta_content(doc, name: str) -> str | None:
    """The content of the first <meta> whose property or name is ``name`` (case-insensitive)."""
    for meta in doc.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() == name and meta.get("content"):
            return meta.get("content").strip()
    return None


def _set_missing(found: dict, layer: str, values: dict) -> None:
    for key, value in values.items():
        if value and key not in found:
            found[key] = (value.strip() if isinstance(value, str) else value, layer)


def _jsonld_articles(doc):
    for script in doc.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                kinds = node.get("@type") or []
                kinds = [kinds] if isinstance(kinds, str) else kinds
                if any(k in ("NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle") for k in kinds):
                    yield node
                stack.extend(node.get("@graph") or [])


def _jsonld_name(value, key="name"):
    """The first name in a JSON-LD value: a string, an object's ``key``, or the first of a list of
    either (pages write ``"author": [{"name": ["A", "B"]}]`` too)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return _jsonld_name(value.get(key), key)
    return value if isinstance(value, str) else None


def _first(value):
    return value[0] if isinstance(value, list) and value else value if isinstance(value, str) else None


def _keywords(value) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    return [v.strip() for v in value or [] if isinstance(v, str) and v.strip()]
