"""WordPress behaviour shared by the two WordPress sites (kutim's _s theme, poros's Newspaper).

Routing as WordPress does it (date permalinks, archives with /page/N/, canonical redirects,
?p=ID), the head tags WordPress and Yoast print, post content with captions and "Baca Juga",
comments, the RSS2 feed, core and Yoast sitemaps, and the REST API (wp/v2 posts, categories,
tags). A theme supplies only its listing and single-post markup.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from humas_mirror.chrome import (
    Ctx, Response, Theme, asset, not_found, page, page_count, page_slice, static_page,
)
from humas_mirror.content import Entry
from humas_mirror.fmt import (
    WITA, cdata, esc, excerpt, iso, last_modified, rfc822, slugify, tanggal_short, utc, when, wp_local,
)

GENERATOR = "6.4.3"
PER_PAGE = 10
ARCHIVE_RE = re.compile(
    r"(?P<base>/|/(?:category|tag|author)/[^/]+/|/\d{4}/(?:\d{2}/(?:\d{2}/)?)?)(?:page/(?P<page>\d+)/)?")


@dataclass(frozen=True)
class Archive:
    """One page of a post listing: home, category, tag, author or date archive."""

    title: str
    base: str
    entries: list
    page: int

    @property
    def last(self) -> int:
        return page_count(len(self.entries), PER_PAGE)

    @property
    def shown(self) -> list:
        return page_slice(self.entries, self.page, PER_PAGE)

    def url(self, n: int) -> str:
        return self.base if n == 1 else f"{self.base}page/{n}/"


@dataclass(frozen=True)
class WPTheme:
    chrome: Theme
    listing: Callable[[Ctx, Archive], str]     # main column of an archive page
    single: Callable[[Ctx, Entry], str]        # main column of a post
    sidebar: Callable[[Ctx], str]
    sitemaps: str                              # "core" (wp-sitemap.xml) or "yoast" (sitemap_index.xml)
    baca_juga: str                             # the label the site's editors type: "Baca Juga:" / "Baca Juga :"


# ---- small helpers -----------------------------------------------------------------------------

def slug_of(entry: Entry) -> str:
    return entry.article.path.rstrip("/").rsplit("/", 1)[-1]


def post_id(ctx: Ctx, entry: Entry) -> int:
    return ctx.state.post_ids[entry.article.path]


def date_text(article) -> str:
    return tanggal_short(when(article.published_at))


def time_tag(article, cls: str) -> str:
    return f'<time class="{cls}" datetime="{article.published_at}">{date_text(article)}</time>'


def term_path(kind: str, name: str) -> str:
    return f"/{kind}/{slugify(name)}/"


def redirect(ctx: Ctx, path: str) -> Response:
    location = ctx.absolute(path)
    return Response(f'<a href="{esc(location)}">Moved Permanently</a>', status=301, headers={"Location": location})


def json_response(data, status: int = 200, headers: dict | None = None) -> Response:
    return Response(json.dumps(data), status=status, content_type="application/json; charset=UTF-8",
                    headers=headers or {})


# ---- post content ------------------------------------------------------------------------------

def figure(ctx: Ctx, image: dict, attachment: int) -> str:
    """A captioned image as the block editor's classic caption shortcode renders it."""
    return (f'<figure id="attachment_{attachment}" aria-describedby="caption-attachment-{attachment}" '
            f'style="width: 800px" class="wp-caption aligncenter"><img decoding="async" '
            f'class="size-full wp-image-{attachment}" src="{ctx.href(image["url"])}" alt="" width="800" height="533">'
            f'<figcaption id="caption-attachment-{attachment}" class="wp-caption-text">{esc(image["caption"])}'
            f"</figcaption></figure>")


def content_html(ctx: Ctx, wp: WPTheme, entry: Entry) -> str:
    """The post's content as stored: paragraphs, inline captioned images, an inline 'Baca Juga'.

    This is what the REST API returns as content.rendered; lead images (-1) are theme output.
    """
    a, layout = entry.article, entry.layout
    other = ctx.state.baca_juga(entry)
    parts = []
    for i, text in enumerate(a.body.split("\n\n")):
        parts.append(f"<p>{esc(text)}</p>")
        for n, (image, after) in enumerate(zip(a.images, layout.image_after)):
            if after == i:
                parts.append(figure(ctx, image, post_id(ctx, entry) + n + 1))
        if other and layout.baca_juga_after == i:
            parts.append(f'<p><strong>{wp.baca_juga}</strong> <a href="{ctx.href(other.article.path)}">'
                         f"{esc(other.article.title)}</a></p>")
    return "\n".join(parts)


def comments_html(ctx: Ctx, entry: Entry) -> str:
    a = entry.article
    found = ctx.state.comments(entry)
    items = "".join(
        f'<li id="comment-{c.id}" class="comment even thread-even depth-1"><article id="div-comment-{c.id}" '
        f'class="comment-body"><footer class="comment-meta"><div class="comment-author vcard"><b class="fn">'
        f'{esc(c.name)}</b> <span class="says">berkata:</span></div><div class="comment-metadata">'
        f'<a href="{ctx.href(a.path)}#comment-{c.id}"><time datetime="{iso(c.at)}">{tanggal_short(c.at)} pukul '
        f'{c.at:%H:%M}</time></a></div></footer><div class="comment-content"><p>{esc(c.text)}</p></div>'
        f'<div class="reply"><a rel="nofollow" class="comment-reply-link" href="{ctx.href(a.path)}?replytocom={c.id}#respond">'
        f"Balas</a></div></article></li>" for c in found)
    heading = (f'<h2 class="comments-title">{len(found)} tanggapan untuk &ldquo;{esc(a.title)}&rdquo;</h2>'
               f'<ol class="comment-list">{items}</ol>' if found else "")
    return f"""<div id="comments" class="comments-area">
{heading}<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Tinggalkan Balasan</h3>
<form action="{ctx.href('/wp-comments-post.php')}" method="post" id="commentform" class="comment-form">
<p class="comment-notes">Alamat email Anda tidak akan dipublikasikan. Ruas yang wajib ditandai <span class="required">*</span></p>
<p class="comment-form-comment"><label for="comment">Komentar</label><textarea id="comment" name="comment" cols="45" rows="8"></textarea></p>
<p class="comment-form-author"><label for="author">Nama</label><input id="author" name="author" type="text"></p>
<p class="comment-form-email"><label for="email">Email</label><input id="email" name="email" type="email"></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Kirim Komentar"><input type="hidden" name="comment_post_ID" value="{post_id(ctx, entry)}"></p>
</form></div>
</div>"""


def head(ctx: Ctx, wp: WPTheme, title: str, path: str, entry: Entry | None = None) -> str:
    """What wp_head() prints with Yoast SEO: canonical, OpenGraph, schema, feed, REST discovery."""
    name = wp.chrome.name
    metas = ['<meta name="robots" content="index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1">',
             f'<link rel="canonical" href="{esc(ctx.absolute(path))}">',
             '<meta property="og:locale" content="id_ID">',
             f'<meta property="og:type" content="{"article" if entry else "website"}">',
             f'<meta property="og:title" content="{esc(title)}">',
             f'<meta property="og:url" content="{esc(ctx.absolute(path))}">',
             f'<meta property="og:site_name" content="{esc(name)}">']
    if entry:
        a = entry.article
        published, modified = (iso(utc(moment)) for moment in (when(a.published_at), last_modified(a)))
        metas += [f'<meta property="og:description" content="{esc(excerpt(a.body, 30))}">',
                  f'<meta property="article:published_time" content="{published}">',
                  f'<meta property="article:modified_time" content="{modified}">']
        if a.images:
            metas.append(f'<meta property="og:image" content="{esc(ctx.absolute(a.images[0]["url"]))}">')
        metas.append(f'<meta name="author" content="{esc(a.author or "")}">')
        schema = {"@context": "https://schema.org", "@graph": [{
            "@type": "Article", "@id": ctx.absolute(a.path) + "#article", "headline": a.title,
            "datePublished": published, "dateModified": modified, "author": {"name": a.author},
            "articleSection": [a.category], "keywords": a.tags, "inLanguage": "id",
            "mainEntityOfPage": {"@id": ctx.absolute(a.path)}}]}
        metas.append(f'<script type="application/ld+json" class="yoast-schema-graph">{json.dumps(schema)}</script>')
    metas += [f'<link rel="alternate" type="application/rss+xml" title="{esc(name)} &raquo; Feed" href="{ctx.absolute("/feed/")}">',
              f'<meta name="generator" content="WordPress {GENERATOR}">',
              f'<link rel="https://api.w.org/" href="{ctx.absolute("/wp-json/")}">']
    if entry:
        metas += [f'<link rel="alternate" type="application/json" href="{ctx.absolute(f"/wp-json/wp/v2/posts/{post_id(ctx, entry)}")}">',
                  f"<link rel='shortlink' href='{ctx.absolute(f'/?p={post_id(ctx, entry)}')}'>"]
    return "\n".join(metas) + "\n"


# ---- pages -------------------------------------------------------------------------------------

TERMS = {"category": ("Kategori", lambda a: [a.category]), "tag": ("Tag", lambda a: a.tags),
         "author": ("Penulis", lambda a: [a.author])}


def archive_for(ctx: Ctx, base: str, page_no: int) -> Archive | None:
    """The archive a base path names, or None when it names nothing with posts."""
    state = ctx.state
    if base == "/":
        return Archive("", base, list(state.entries), page_no)
    kind, _, rest = base.strip("/").partition("/")
    if kind in TERMS:
        label, names_of = TERMS[kind]
        name = {slugify(n): n for a in state.articles for n in names_of(a) if n}.get(rest)
        entries = [e for e in state.entries if name in names_of(e.article)]
        return Archive(f"{label}: {name}", base, entries, page_no) if name else None
    prefix = base.strip("/").replace("/", "-")
    entries = [e for e in state.entries if e.article.published_at.startswith(prefix)]
    return Archive(f"Arsip: {base.strip('/')}", base, entries, page_no) if entries else None


def archive_page(ctx: Ctx, wp: WPTheme, base: str, page_no: str | None) -> Response | None:
    archive = archive_for(ctx, base, int(page_no or 1))
    if archive is None:
        return None
    if page_no is not None and archive.page == 1:
        return redirect(ctx, base)
    if archive.page > archive.last:  # WordPress answers pages past the end with a 404
        return None
    title = f"{archive.title} - {wp.chrome.name}" if archive.title else wp.chrome.name
    if archive.page > 1:
        title = f"{archive.title or wp.chrome.name} - Halaman {archive.page}"
    html = page(ctx, wp.chrome, title=title, main=wp.listing(ctx, archive), sidebar=wp.sidebar(ctx),
                head=head(ctx, wp, title, archive.url(archive.page)),
                crumbs=[(archive.title, None)] if archive.title else (),
                body_class="archive" if archive.title else "home blog")
    return Response(html)


def single_page(ctx: Ctx, wp: WPTheme, entry: Entry) -> Response:
    a = entry.article
    html = page(ctx, wp.chrome, title=f"{a.title} - {wp.chrome.name}", main=wp.single(ctx, entry),
                sidebar=wp.sidebar(ctx), head=head(ctx, wp, a.title, a.path, entry),
                crumbs=[(a.category, term_path("category", a.category)), (a.title, None)],
                body_class=f"post-template-default single single-post postid-{post_id(ctx, entry)} single-format-standard")
    return Response(html, modified=last_modified(a))


def pagination(ctx: Ctx, archive: Archive, window) -> str:
    """_s / core the_posts_pagination(): nav.navigation.pagination > div.nav-links."""
    links = []
    if archive.page > 1:
        links.append(f'<a class="prev page-numbers" href="{ctx.href(archive.url(archive.page - 1))}">&laquo; Sebelumnya</a>')
    for n in window(archive.page, archive.last):
        if n is None:
            links.append('<span class="page-numbers dots">&hellip;</span>')
        elif n == archive.page:
            links.append(f'<span aria-current="page" class="page-numbers current">{n}</span>')
        else:
            links.append(f'<a class="page-numbers" href="{ctx.href(archive.url(n))}">{n}</a>')
    if archive.page < archive.last:
        links.append(f'<a class="next page-numbers" href="{ctx.href(archive.url(archive.page + 1))}">Berikutnya &raquo;</a>')
    return (f'<nav class="navigation pagination" aria-label="Pos"><h2 class="screen-reader-text">Navigasi pos</h2>'
            f'<div class="nav-links">{"".join(links)}</div></nav>')


# ---- feed and sitemaps -------------------------------------------------------------------------

def feed(ctx: Ctx, wp: WPTheme) -> Response:
    items = []
    for entry in ctx.state.entries[:PER_PAGE]:
        a = entry.article
        cats = "".join(f"\n\t\t<category>{cdata(c)}</category>" for c in [a.category] + a.tags)
        items.append(f"""\t<item>
\t\t<title>{esc(a.title, quote=False)}</title>
\t\t<link>{esc(ctx.absolute(a.path))}</link>
\t\t<comments>{esc(ctx.absolute(a.path))}#respond</comments>
\t\t<dc:creator>{cdata(a.author or "")}</dc:creator>
\t\t<pubDate>{rfc822(utc(when(a.published_at)))}</pubDate>{cats}
\t\t<guid isPermaLink="false">{esc(ctx.absolute(f"/?p={post_id(ctx, entry)}"))}</guid>
\t\t<description>{cdata(excerpt(a.body, 55))}</description>
\t\t<content:encoded>{cdata(content_html(ctx, wp, entry))}</content:encoded>
\t\t<slash:comments>{len(ctx.state.comments(entry))}</slash:comments>
\t</item>""")
    newest = ctx.state.entries[0].article.published_at
    xml = f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:wfw="http://wellformedweb.org/CommentAPI/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:atom="http://www.w3.org/2005/Atom"
\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"
\t>
<channel>
\t<title>{esc(wp.chrome.name)}</title>
\t<atom:link href="{ctx.absolute('/feed/')}" rel="self" type="application/rss+xml" />
\t<link>{ctx.absolute('/')}</link>
\t<description>{esc(wp.chrome.tagline)}</description>
\t<lastBuildDate>{rfc822(utc(when(newest)))}</lastBuildDate>
\t<language>id</language>
\t<sy:updatePeriod>hourly</sy:updatePeriod>
\t<sy:updateFrequency>1</sy:updateFrequency>
\t<generator>https://wordpress.org/?v={GENERATOR}</generator>
{chr(10).join(items)}
</channel>
</rss>
"""
    return Response(xml, content_type="application/rss+xml; charset=UTF-8")


def xml_response(body: str) -> Response:
    return Response('<?xml version="1.0" encoding="UTF-8"?>\n' + body, content_type="application/xml; charset=UTF-8")


def sitemap_index(ctx: Ctx, names: list[str]) -> Response:
    newest = iso(utc(when(ctx.state.entries[0].article.published_at)))
    items = "".join(f"<sitemap><loc>{ctx.absolute('/' + n)}</loc><lastmod>{newest}</lastmod></sitemap>\n" for n in names)
    return xml_response(f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{items}</sitemapindex>\n')


def post_urlset(ctx: Ctx, images: bool) -> Response:
    """Every post with its lastmod; Yoast adds image:image entries and lists oldest first."""
    entries = list(reversed(ctx.state.entries)) if images else ctx.state.entries
    urls = []
    for entry in entries:
        a = entry.article
        pics = "".join(f"<image:image><image:loc>{esc(ctx.absolute(i['url']))}</image:loc></image:image>"
                       for i in a.images) if images else ""
        urls.append(f"<url><loc>{esc(ctx.absolute(a.path))}</loc><lastmod>{iso(utc(last_modified(a)))}</lastmod>{pics}</url>\n")
    ns = ' xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"' if images else ""
    return xml_response(f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{ns}>\n{"".join(urls)}</urlset>\n')


def category_urlset(ctx: Ctx) -> Response:
    urls = "".join(f"<url><loc>{ctx.absolute(term_path('category', c))}</loc></url>\n" for c, _ in ctx.state.categories())
    return xml_response(f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n')


SITEMAPS = {
    "core": {"/wp-sitemap.xml": lambda ctx: sitemap_index(ctx, ["wp-sitemap-posts-post-1.xml",
                                                                 "wp-sitemap-taxonomies-category-1.xml"]),
             "/wp-sitemap-posts-post-1.xml": lambda ctx: post_urlset(ctx, images=False),
             "/wp-sitemap-taxonomies-category-1.xml": category_urlset},
    "yoast": {"/sitemap_index.xml": lambda ctx: sitemap_index(ctx, ["post-sitemap.xml", "category-sitemap.xml"]),
              "/post-sitemap.xml": lambda ctx: post_urlset(ctx, images=True),
              "/category-sitemap.xml": category_urlset},
}


# ---- REST API ----------------------------------------------------------------------------------

class RestError(Exception):
    def __init__(self, code: str, message: str, status: int = 400, param: str | None = None):
        super().__init__(message)
        self.body = {"code": code, "message": message, "data": {"status": status}}
        if param:
            self.body["data"]["params"] = {param: message}
        self.status = status


def int_arg(query: dict, name: str, default: int, maximum: int | None = None) -> int:
    raw = query.get(name, [str(default)])[0]
    if not raw.isdigit() or int(raw) < 1 or (maximum and int(raw) > maximum):
        limit = f" dan {maximum} (inklusif)" if maximum else ""
        raise RestError("rest_invalid_param", f"Parameter tidak valid: {name} harus di antara 1 (inklusif){limit}.",
                        param=name)
    return int(raw)


def date_arg(query: dict, name: str) -> datetime | None:
    """ISO 8601 'after'/'before'; naive values are site time (WITA), as WordPress reads them."""
    if name not in query:
        return None
    try:
        moment = datetime.fromisoformat(query[name][0].replace("Z", "+00:00"))
    except ValueError:
        raise RestError("rest_invalid_param", f"Parameter tidak valid: {name}", param=name) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=WITA)


def paged(ctx: Ctx, route: str, items: list, query: dict, empty_error: str) -> tuple[list, dict[str, str]]:
    """One page of a collection and WordPress's X-WP-Total / X-WP-TotalPages / Link headers."""
    per_page = int_arg(query, "per_page", 10, 100)
    page_no = int_arg(query, "page", 1)
    pages = -(-len(items) // per_page)
    if page_no > max(pages, 1):
        raise RestError(empty_error, "Jumlah halaman yang diminta lebih besar dari jumlah halaman yang tersedia.")
    headers = {"X-WP-Total": str(len(items)), "X-WP-TotalPages": str(pages)}
    links = []
    for rel, n in (("prev", page_no - 1), ("next", page_no + 1)):
        if 1 <= n <= pages:
            args = {k: v[0] for k, v in query.items() if k != "page"} | {"page": n}
            links.append(f'<{ctx.absolute("/wp-json" + route)}?{"&".join(f"{k}={v}" for k, v in args.items())}>; rel="{rel}"')
    if links:
        headers["Link"] = ", ".join(links)
    return page_slice(items, page_no, per_page), headers


def post_json(ctx: Ctx, wp: WPTheme, entry: Entry, embed: frozenset = frozenset()) -> dict:
    """A post as wp/v2 serves it; ``embed`` names the links inlined under ``_embedded`` (?_embed)."""
    a, state = entry.article, ctx.state
    pid = post_id(ctx, entry)
    moment, modified = when(a.published_at), last_modified(a)
    api = ctx.absolute("/wp-json/wp/v2")
    author_id = state.author_ids.get(a.author, 1)
    post = {
        "id": pid, "date": wp_local(moment), "date_gmt": wp_local(utc(moment)),
        "guid": {"rendered": ctx.absolute(f"/?p={pid}")}, "modified": wp_local(modified),
        "modified_gmt": wp_local(utc(modified)), "slug": slug_of(entry), "status": "publish", "type": "post",
        "link": ctx.absolute(a.path), "title": {"rendered": esc(a.title)},
        "content": {"rendered": content_html(ctx, wp, entry) + "\n", "protected": False},
        "excerpt": {"rendered": f"<p>{esc(excerpt(a.body, 55))}</p>\n", "protected": False},
        "author": author_id, "featured_media": 0, "comment_status": "open",
        "ping_status": "open", "sticky": False, "template": "", "format": "standard", "meta": [],
        "categories": [state.category_ids[a.category]], "tags": [state.tag_ids[t] for t in a.tags],
        "_links": {"self": [{"href": f"{api}/posts/{pid}"}], "collection": [{"href": f"{api}/posts"}]},
    }
    embedded = {}
    if "author" in embed:
        embedded["author"] = [{"id": author_id, "name": a.author or "admin", "slug": slugify(a.author or "admin"),
                               "link": ctx.absolute(term_path("author", a.author or "admin"))}]
    if "wp:term" in embed:
        embedded["wp:term"] = [[term_link(ctx, "category", a.category, state.category_ids[a.category])],
                               [term_link(ctx, "tag", t, state.tag_ids[t]) for t in a.tags]]
    if embedded:
        post["_embedded"] = embedded
    return post


def term_link(ctx: Ctx, kind: str, name: str, term_id: int) -> dict:
    """A term as ``_embedded["wp:term"]`` lists it."""
    return {"id": term_id, "link": ctx.absolute(term_path(kind, name)), "name": name, "slug": slugify(name),
            "taxonomy": "category" if kind == "category" else "post_tag"}


def embed_arg(query: dict) -> frozenset:
    """``?_embed`` alone embeds every link; ``?_embed=wp:term,author`` only those."""
    if "_embed" not in query:
        return frozenset()
    value = query["_embed"][0]
    return EMBEDDABLE if value in ("", "1", "true") else frozenset(value.split(",")) & EMBEDDABLE


EMBEDDABLE = frozenset({"author", "wp:term"})


def term_json(ctx: Ctx, kind: str, name: str, term_id: int) -> dict:
    articles = ctx.state.articles
    count = sum(1 for a in articles if (a.category == name if kind == "category" else name in a.tags))
    data = {**term_link(ctx, kind, name, term_id), "count": count, "description": ""}
    if kind == "category":
        data["parent"] = 0
    return data


SORT_KEYS = {"date": lambda e: e.article.published_at, "modified": lambda e: last_modified(e.article),
             "title": lambda e: e.article.title, "slug": slug_of}


def posts(ctx: Ctx, wp: WPTheme, query: dict) -> Response:
    orderby = query.get("orderby", ["date"])[0]
    order = query.get("order", ["desc"])[0]
    if orderby not in SORT_KEYS and orderby != "id":
        raise RestError("rest_invalid_param", "Parameter tidak valid: orderby", param="orderby")
    if order not in ("asc", "desc"):
        raise RestError("rest_invalid_param", "Parameter tidak valid: order", param="order")
    after, before = date_arg(query, "after"), date_arg(query, "before")
    entries = [e for e in ctx.state.entries
               if (after is None or when(e.article.published_at) > after)
               and (before is None or when(e.article.published_at) < before)]
    key = SORT_KEYS.get(orderby) or (lambda e: post_id(ctx, e))
    entries.sort(key=key, reverse=order == "desc")
    shown, headers = paged(ctx, "/wp/v2/posts", entries, query, "rest_post_invalid_page_number")
    embed = embed_arg(query)
    return json_response([post_json(ctx, wp, e, embed) for e in shown], headers=headers)


def rest(ctx: Ctx, wp: WPTheme, route: str, query: dict) -> Response:
    state = ctx.state
    try:
        if route in ("", "/"):
            api_routes = ("/wp/v2/posts", "/wp/v2/categories", "/wp/v2/tags")
            return json_response({
                "name": wp.chrome.name, "description": wp.chrome.tagline, "url": ctx.absolute(""),
                "home": ctx.absolute(""), "gmt_offset": 8, "timezone_string": "Asia/Makassar",
                "namespaces": ["oembed/1.0", "wp/v2", "wp-site-health/v1"], "authentication": [],
                "routes": {r: {"namespace": "wp/v2", "methods": ["GET"],
                               "_links": {"self": [{"href": ctx.absolute("/wp-json" + r)}]}} for r in api_routes}})
        if route == "/wp/v2/posts":
            return posts(ctx, wp, query)
        match = re.fullmatch(r"/wp/v2/posts/(\d+)", route)
        if match:
            entry = state.by_id.get(int(match.group(1)))
            if entry is None:
                raise RestError("rest_post_invalid_id", "ID pos tidak valid.", 404)
            return json_response(post_json(ctx, wp, entry, embed_arg(query)))
        if route in ("/wp/v2/categories", "/wp/v2/tags"):
            kind, ids = ("category", state.category_ids) if route.endswith("categories") else ("tag", state.tag_ids)
            terms = [term_json(ctx, kind, name, term_id) for name, term_id in sorted(ids.items(), key=lambda kv: kv[0])]
            shown, headers = paged(ctx, route, terms, query, "rest_invalid_page_number")
            return json_response(shown, headers=headers)
        raise no_route()
    except RestError as error:
        return json_response(error.body, status=error.status)


def no_route() -> RestError:
    return RestError("rest_no_route", "Tidak ada rute yang cocok dengan URL dan metode permintaan.", 404)


def rest_api_off() -> Response:
    """What a site whose REST API is switched off (by a security plugin) answers on /wp-json/..."""
    error = no_route()
    return json_response(error.body, status=error.status)


# ---- routing -----------------------------------------------------------------------------------

def route(wp: WPTheme, ctx: Ctx, path: str, query: dict) -> Response:
    state = ctx.state
    if path.startswith("/wp-json"):
        return rest(ctx, wp, path.removeprefix("/wp-json"), query)
    if path == "/" and "p" in query:
        entry = state.by_id.get(int(query["p"][0])) if query["p"][0].isdigit() else None
        return redirect(ctx, entry.article.path) if entry else not_found(ctx, wp.chrome, wp.sidebar(ctx))
    if path in state.by_path:
        return single_page(ctx, wp, state.by_path[path])
    if path == "/feed/":
        return feed(ctx, wp)
    if path in SITEMAPS[wp.sitemaps]:
        return SITEMAPS[wp.sitemaps][path](ctx)
    if path in wp.chrome.static_pages:
        return static_page(ctx, wp.chrome, wp.chrome.static_pages[path], wp.sidebar(ctx))
    match = ARCHIVE_RE.fullmatch(path)
    found = archive_page(ctx, wp, match["base"], match["page"]) if match else None
    if found is None and not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
        # redirect_canonical(): the same URL with its trailing slash, when that exists
        if route(wp, ctx, path + "/", query).status != 404:
            return redirect(ctx, path + "/")
    return found or asset(ctx, wp.chrome, path) or not_found(ctx, wp.chrome, wp.sidebar(ctx))
