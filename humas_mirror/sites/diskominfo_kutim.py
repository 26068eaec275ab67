"""diskominfo_kutim: WordPress with an _s-based theme and Jetpack (sharing, likes, related posts).

Posts at /YYYY/MM/DD/<slug>/; the home and /category/berita/ list 10 a page; core sitemaps;
everything else WordPress-generic lives in :mod:`wordpress`.
"""

from __future__ import annotations

from functools import partial

from humas_mirror.chrome import Ctx, Theme, entry_list, page_window, widget
from humas_mirror.content import Entry
from humas_mirror.fmt import MONTHS, esc, excerpt, slugify
from humas_mirror.sites import wordpress as wp
from humas_mirror.sites.wordpress import date_text, post_id, term_path, time_tag

THEME = Theme(
    name="Diskominfo Staper Kutai Timur",
    tagline="Dinas Komunikasi, Informatika, Statistik dan Persandian Kabupaten Kutai Timur",
    logo="/wp-content/uploads/2021/03/logo-kutim.png",
    address="Kawasan Perkantoran Bukit Pelangi, Sangatta, Kutai Timur, Kalimantan Timur 75683",
    phone="(0549) 5200161", email="diskominfo@kutaitimurkab.go.id",
    nav=(("Beranda", "/"), ("Profil", "/profil/"), ("Berita", "/category/berita/"), ("Galeri", "/galeri/"),
         ("PPID", "/ppid/"), ("Kontak", "/kontak/")),
    body_class="wp-theme-kutim", assets=("/wp-content/themes/kutim/style.css", "/wp-includes/js/jquery/jquery.min.js"))

JETPACK = ('<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Bagikan ini:</h3><ul><li>Facebook</li>'
           '<li>X</li><li>WhatsApp</li></ul></div><div class="sharedaddy sd-block sd-like jetpack-likes-widget-wrapper">'
           '<h3 class="sd-title">Menyukai ini:</h3><div class="likes-widget-placeholder"><span class="button"><span>Suka'
           '</span></span> <span class="loading">Loading...</span></div></div><div id="jp-relatedposts" '
           'class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>Terkait</em></h3></div>')


def post_classes(ctx: Ctx, entry: Entry) -> str:
    a = entry.article
    tags = " ".join(f"tag-{slugify(t)}" for t in a.tags)
    return (f"post-{post_id(ctx, entry)} post type-post status-publish format-standard hentry "
            f"category-{slugify(a.category)} {tags}").strip()


def posted_on(ctx: Ctx, entry: Entry, updated: bool) -> str:
    a = entry.article
    times = time_tag(a, "entry-date published") + (time_tag(a, "updated") if updated else "")
    return f'<span class="posted-on">Diposting pada <a href="{ctx.href(a.path)}" rel="bookmark">{times}</a></span>'


def listing(ctx: Ctx, archive: wp.Archive) -> str:
    header = (f'<header class="page-header"><h1 class="page-title">{esc(archive.title)}</h1></header>\n'
              if archive.title else "")
    items = "\n".join(
        f'<article id="post-{post_id(ctx, e)}" class="{post_classes(ctx, e)}"><header class="entry-header">'
        f'<h2 class="entry-title"><a href="{ctx.href(e.article.path)}" rel="bookmark">{esc(e.article.title)}</a></h2>'
        f'<div class="entry-meta">{posted_on(ctx, e, updated=False)}</div></header>'
        f'<div class="entry-summary"><p>{esc(excerpt(e.article.body, 40))}</p></div></article>'
        for e in archive.shown)
    return header + items + "\n" + wp.pagination(ctx, archive, page_window)


def single(ctx: Ctx, entry: Entry) -> str:
    a = entry.article
    index = ctx.state.entries.index(entry)
    neighbours = [("nav-previous", "Sebelumnya", ctx.state.entries[index + 1:index + 2], "prev"),
                  ("nav-next", "Selanjutnya", ctx.state.entries[max(index - 1, 0):index], "next")]
    nav = "".join(f'<div class="{cls}"><a href="{ctx.href(n[0].article.path)}" rel="{rel}"><span class="nav-subtitle">'
                  f'{label}:</span> <span class="nav-title">{esc(n[0].article.title)}</span></a></div>'
                  for cls, label, n, rel in neighbours if n)
    tags = ", ".join(f'<a href="{ctx.href(term_path("tag", t))}" rel="tag">{esc(t)}</a>' for t in a.tags)
    tag_links = f'<span class="tags-links">Ditag {tags}</span>' if tags else ""
    return f"""<article id="post-{post_id(ctx, entry)}" class="{post_classes(ctx, entry)}">
<header class="entry-header">
<h1 class="entry-title">{esc(a.title)}</h1>
<div class="entry-meta">{posted_on(ctx, entry, updated=True)}<span class="byline"> oleh <span class="author vcard"><a class="url fn n" href="{ctx.href(term_path("author", a.author))}">{esc(a.author)}</a></span></span></div>
</header>
<div class="entry-content">
{wp.content_html(ctx, WP, entry)}
{JETPACK}
</div>
<footer class="entry-footer"><span class="cat-links">Diposting di <a href="{ctx.href(term_path("category", a.category))}" rel="category tag">{esc(a.category)}</a></span>{tag_links}</footer>
</article>
<nav class="navigation post-navigation" aria-label="Pos"><h2 class="screen-reader-text">Navigasi pos</h2><div class="nav-links">{nav}</div></nav>
{wp.comments_html(ctx, entry)}"""


def sidebar(ctx: Ctx) -> str:
    months = "".join(f'<li><a href="{ctx.href(f"/{m:%Y/%m}/")}">{MONTHS[m.month - 1]} {m.year}</a></li>'
                     for m in ctx.state.archive_months())
    cats = "".join(f'<li class="cat-item"><a href="{ctx.href(term_path("category", c))}">{esc(c)}</a></li>'
                   for c, _ in ctx.state.categories())
    return (widget("Pos-pos Terbaru", entry_list(ctx, ctx.state.latest(5), date_text, "recent-posts"),
                   "widget_recent_entries")
            + widget("Terpopuler", entry_list(ctx, ctx.state.popular(), date_text, "wpp-list"), "popular-posts")
            + widget("Arsip", f"<ul>{months}</ul>", "widget_archive")
            + widget("Kategori", f"<ul>{cats}</ul>", "widget_categories"))


WP = wp.WPTheme(chrome=THEME, listing=listing, single=single, sidebar=sidebar, sitemaps="core",
                baca_juga="Baca Juga:")
route = partial(wp.route, WP)
