"""diskominfo_kaltim: a Laravel portal. Date-only datelines, OpenGraph head, a sitemap.

Articles at /berita/<slug> or /<category>/<slug>; listing /berita?page=N (9 a page, Laravel's
bootstrap pagination, a page past the end is an empty 200); /sitemap.xml.
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from humas_mirror.chrome import (
    Ctx, Response, Theme, asset, entry_list, int_param, not_found, page, page_count, page_slice, static_page,
    widget,
)
from humas_mirror.content import Entry
from humas_mirror.fmt import esc, excerpt, hari_tanggal, last_modified, paragraphs_html, slugify, when

PER_PAGE = 9
THEME = Theme(
    name="Dinas Komunikasi dan Informatika Provinsi Kalimantan Timur", tagline="Diskominfo Kaltim",
    logo="/images/logo-diskominfo.png", address="Jl. Basuki Rahmat No. 41, Samarinda, Kalimantan Timur 75117",
    phone="(0541) 741007", email="diskominfo@kaltimprov.go.id",
    nav=(("Beranda", "/"), ("Profil", "/profil"), ("Berita", "/berita"), ("Galeri", "/galeri"),
         ("PPID", "/ppid"), ("Kontak", "/kontak")),
    body_class="layout-portal", assets=("/css/app.css", "/js/app.js"))


def date_of(article) -> str:
    return hari_tanggal(when(article.published_at))


def category_path(category: str) -> str:
    return "/" + slugify(category)


def csrf(ctx: Ctx, path: str) -> str:
    """Laravel prints a CSRF token in every page head; derived from the path to stay deterministic."""
    return hashlib.sha1(f"{ctx.site}{path}".encode()).hexdigest()[:40]


def sidebar(ctx: Ctx, exclude: Entry | None = None) -> str:
    items = "".join(f'<li><a href="{ctx.href(e.article.path)}">{esc(e.article.title)}</a>'
                    f'<span class="date">{date_of(e.article)}</span></li>' for e in ctx.state.latest(6, exclude))
    tags = sorted({t for a in ctx.state.articles for t in a.tags})
    cloud = "".join(f'<a class="tag" href="{ctx.href("/tag/" + slugify(t))}">{esc(t)}</a> ' for t in tags)
    cats = "".join(f'<li><a href="{ctx.href(category_path(c))}">{esc(c)}</a> ({n})</li>'
                   for c, n in ctx.state.categories())
    return (f'<div class="berita-lainnya"><h4>Berita Lainnya</h4><ul>{items}</ul></div>\n'
            + widget("Terpopuler", entry_list(ctx, ctx.state.popular(), date_of, "populer"), "terpopuler")
            + widget("Kategori", f"<ul>{cats}</ul>", "kategori")
            + widget("Tag Populer", f'<div class="tag-cloud">{cloud}</div>', "tags"))


def item(ctx: Ctx, entry: Entry) -> str:
    a = entry.article
    return (f'<div class="news-item"><h3><a href="{ctx.href(a.path)}">{esc(a.title)}</a></h3>'
            f'<span class="date">{date_of(a)}</span><p class="excerpt">{esc(excerpt(a.body, 30))}</p></div>')


def pagination(ctx: Ctx, base: str, current: int, last: int) -> str:
    """Laravel's bootstrap-4 paginator view."""
    def link(n, text, rel=""):
        rel_attr = f' rel="{rel}"' if rel else ""
        return f'<li class="page-item"><a class="page-link" href="{ctx.href(base)}?page={n}"{rel_attr}>{text}</a></li>'

    def disabled(text):
        return f'<li class="page-item disabled" aria-disabled="true"><span class="page-link" aria-hidden="true">{text}</span></li>'

    items = [link(current - 1, "&lsaquo;", "prev") if current > 1 else disabled("&lsaquo;")]
    for n in range(1, last + 1):
        items.append(f'<li class="page-item active" aria-current="page"><span class="page-link">{n}</span></li>'
                     if n == current else link(n, n))
    items.append(link(current + 1, "&rsaquo;", "next") if current < last else disabled("&rsaquo;"))
    return f'<nav><ul class="pagination">{"".join(items)}</ul></nav>'


def head(ctx: Ctx, path: str, og: dict[str, str] | None = None) -> str:
    metas = "".join(f'<meta property="og:{k}" content="{esc(v)}">\n' for k, v in (og or {}).items())
    return f'<meta name="csrf-token" content="{csrf(ctx, path)}">\n{metas}'


def listing(ctx: Ctx, entries, page_no: int, base: str, heading: str) -> Response:
    shown = page_slice(entries, page_no, PER_PAGE)
    items = "\n".join(item(ctx, e) for e in shown) or '<div class="alert alert-info">Data tidak ditemukan.</div>'
    main = (f'<h1 class="page-title">{esc(heading)}</h1>\n<div class="news-list">\n{items}\n</div>\n'
            + pagination(ctx, base, page_no, page_count(len(entries), PER_PAGE)))
    return Response(page(ctx, THEME, title=f"{heading} | Diskominfo Kaltim", main=main, crumbs=[(heading, None)],
                         sidebar=sidebar(ctx), head=head(ctx, base)))


def home(ctx: Ctx) -> Response:
    main = ('<section class="hero"><h1>Selamat Datang di Portal Diskominfo Kaltim</h1></section>\n'
            '<h2 class="section-title">Berita Terbaru</h2>\n<div class="news-list">\n'
            + "\n".join(item(ctx, e) for e in ctx.state.entries[:6])
            + f'\n</div>\n<a class="btn btn-primary" href="{ctx.href("/berita")}">Lihat Semua Berita</a>')
    return Response(page(ctx, THEME, title="Beranda | Diskominfo Kaltim", main=main, sidebar=sidebar(ctx),
                         head=head(ctx, "/")))


def article(ctx: Ctx, entry: Entry) -> Response:
    a = entry.article
    photo = a.images[0] if a.images else None
    og = {"title": a.title, "type": "article", "url": ctx.absolute(a.path),
          "image": ctx.absolute(photo["url"] if photo else THEME.logo), "description": excerpt(a.body, 30),
          "site_name": "Diskominfo Kaltim"}
    figure = ""
    if photo:
        caption = f'<figcaption>{esc(photo["caption"])}</figcaption>' if photo["caption"] else ""
        figure = f'<figure class="news-image"><img src="{ctx.href(photo["url"])}" alt="{esc(a.title)}">{caption}</figure>\n'
    body = paragraphs_html(a.body.split("\n\n"))
    tags = "".join(f'<a class="tag" href="{ctx.href("/tag/" + slugify(t))}">{esc(t)}</a> ' for t in a.tags)
    url = quote(ctx.absolute(a.path), safe="")
    main = f"""<article class="news-detail">
<h1 class="news-title">{esc(a.title)}</h1>
<div class="news-meta"><span class="news-date"><i class="fa fa-calendar"></i> {date_of(a)}</span> <span class="news-author">Penulis: {esc(a.author or "Admin")}</span> <a class="news-category" href="{ctx.href(category_path(a.category))}">{esc(a.category)}</a></div>
{figure}<div class="news-content">
{body}
</div>
<div class="news-tags"><span>Tag:</span> {tags}</div>
<div class="share-buttons">Bagikan: <a href="https://www.facebook.com/sharer/sharer.php?u={url}">Facebook</a> <a href="https://twitter.com/intent/tweet?url={url}">Twitter</a> <a href="https://api.whatsapp.com/send?text={url}">WhatsApp</a></div>
</article>"""
    html = page(ctx, THEME, title=f"{a.title} | Diskominfo Kaltim", main=main, head=head(ctx, a.path, og),
                crumbs=[(a.category, category_path(a.category)), (a.title, None)], sidebar=sidebar(ctx, entry))
    return Response(html, modified=last_modified(a))


def sitemap(ctx: Ctx) -> Response:
    urls = "".join(f"<url><loc>{esc(ctx.absolute(a.path))}</loc><lastmod>{a.published_at}</lastmod>"
                   f"<changefreq>monthly</changefreq><priority>0.8</priority></url>\n" for a in ctx.state.articles)
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
           f"<url><loc>{ctx.absolute('/')}</loc><changefreq>daily</changefreq><priority>1.0</priority></url>\n"
           f"{urls}</urlset>\n")
    return Response(xml, content_type="application/xml; charset=utf-8")


def route(ctx: Ctx, path: str, query: dict) -> Response:
    state = ctx.state
    if path == "/":
        return home(ctx)
    if path == "/sitemap.xml":
        return sitemap(ctx)
    if path in state.by_path:
        return article(ctx, state.by_path[path])
    if path == "/berita":
        return listing(ctx, state.entries, int_param(query, "page"), path, "Berita")
    categories = {category_path(c): c for c, _ in state.categories()}
    if path in categories:
        entries = [e for e in state.entries if e.article.category == categories[path]]
        return listing(ctx, entries, int_param(query, "page"), path, categories[path])
    if path.startswith("/tag/"):
        tags = {slugify(t): t for a in state.articles for t in a.tags}
        tag = tags.get(path.removeprefix("/tag/"))
        if tag:
            entries = [e for e in state.entries if tag in e.article.tags]
            return listing(ctx, entries, int_param(query, "page"), path, f"Tag: {tag}")
    if path in THEME.static_pages:
        return static_page(ctx, THEME, THEME.static_pages[path], sidebar(ctx))
    return asset(ctx, THEME, path) or not_found(ctx, THEME, sidebar(ctx))
