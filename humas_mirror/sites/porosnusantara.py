"""porosnusantara: a regional news portal on WordPress with the tagDiv Newspaper theme.

Posts at /YYYY/MM/DD/<slug>/; home, /page/N/ and /category/<slug>/page/N/ list 10 a page with
td_module_10 items; Yoast sitemaps; related posts block and featured image from the theme.
"""

from __future__ import annotations

from functools import partial
from urllib.parse import quote

from humas_mirror.chrome import Ctx, Theme, entry_list, page_window, widget
from humas_mirror.content import Entry
from humas_mirror.fmt import esc, excerpt
from humas_mirror.sites import wordpress as wp
from humas_mirror.sites.wordpress import date_text, term_path, time_tag

THEME = Theme(
    name="Poros Nusantara", tagline="Berita Terkini dan Terpercaya dari Bumi Flobamora dan Nusantara",
    logo="/wp-content/uploads/2017/05/logo-poros.png", address="Jl. Timor Raya No. 17, Oesapa, Kota Kupang, NTT",
    phone="0812-3700-1122", email="redaksi@porosnusantara.co.id",
    nav=(("Beranda", "/"), ("Profil", "/profil/"), ("Berita", "/category/daerah/"), ("Galeri", "/galeri/"),
         ("PPID", "/ppid/"), ("Kontak", "/kontak/")),
    category_menu="/category/{slug}/",
    body_class="td-standard-pack global-block-template-1 td-full-layout",
    assets=("/wp-content/themes/Newspaper/style.css", "/wp-content/themes/Newspaper/js/tagdiv_theme.min.js"))


def thumb(ctx: Ctx, entry: Entry) -> str:
    a = entry.article
    if not a.images:
        return ""
    return (f'<div class="td-module-thumb"><a href="{ctx.href(a.path)}" rel="bookmark" class="td-image-wrap" '
            f'title="{esc(a.title)}"><img class="entry-thumb" src="{ctx.href(a.images[0]["url"])}" alt="" '
            f'title="{esc(a.title)}"></a></div>')


def module_title(ctx: Ctx, entry: Entry) -> str:
    a = entry.article
    return (f'<h3 class="entry-title td-module-title"><a href="{ctx.href(a.path)}" rel="bookmark" '
            f'title="{esc(a.title)}">{esc(a.title)}</a></h3>')


def page_nav(ctx: Ctx, archive: wp.Archive) -> str:
    """tagDiv's page-nav: numbers, 'current', ellipsis, last page, arrow links with aria-labels."""
    links = []
    if archive.page > 1:
        links.append(f'<a href="{ctx.href(archive.url(archive.page - 1))}" aria-label="prev-page">'
                     f'<i class="td-icon-menu-left"></i></a>')
    for n in page_window(archive.page, archive.last, end=1, mid=2):
        if n is None:
            links.append('<span class="extend">...</span>')
        elif n == archive.page:
            links.append(f'<span class="current">{n}</span>')
        else:
            links.append(f'<a href="{ctx.href(archive.url(n))}" class="page" title="{n}">{n}</a>')
    if archive.page < archive.last:
        links.append(f'<a href="{ctx.href(archive.url(archive.page + 1))}" aria-label="next-page">'
                     f'<i class="td-icon-menu-right"></i></a>')
    links.append(f'<span class="pages">Halaman {archive.page} dari {archive.last}</span><div class="clearfix"></div>')
    return f'<div class="page-nav td-pb-padding-side">{"".join(links)}</div>'


def listing(ctx: Ctx, archive: wp.Archive) -> str:
    title = archive.title.split(": ", 1)[-1] if archive.title else "Berita Terbaru"
    items = "\n".join(
        f'<div class="td_module_10 td_module_wrap td-animation-stack">{thumb(ctx, e)}<div class="item-details">'
        f'{module_title(ctx, e)}<div class="td-module-meta-info"><span class="td-post-author-name">'
        f'<a href="{ctx.href(term_path("author", e.article.author))}">{esc(e.article.author)}</a> <span>-</span> </span>'
        f'<span class="td-post-date">{time_tag(e.article, "entry-date updated td-module-date")}</span></div>'
        f'<div class="td-excerpt">{esc(excerpt(e.article.body, 25))}</div></div></div>'
        for e in archive.shown)
    return (f'<div class="td-category-header"><h1 class="entry-title td-page-title">{esc(title)}</h1></div>\n'
            f'<div class="td-ss-main-content">\n{items}\n</div>\n{page_nav(ctx, archive)}')


def single(ctx: Ctx, entry: Entry) -> str:
    a = entry.article
    lead = a.images[0] if a.images and entry.layout.image_after[0] == -1 else None
    featured = ""
    if lead:
        caption = f'<figcaption class="wp-caption-text">{esc(lead["caption"])}</figcaption>' if lead["caption"] else ""
        featured = (f'<div class="td-post-featured-image"><figure><a href="{ctx.href(lead["url"])}" '
                    f'data-caption="{esc(lead["caption"] or "")}"><img class="entry-thumb" src="{ctx.href(lead["url"])}" '
                    f'alt="" title="{esc(a.title)}"></a>{caption}</figure></div>\n')
    tags = "".join(f'<li><a href="{ctx.href(term_path("tag", t))}">{esc(t)}</a></li>' for t in a.tags)
    url = quote(ctx.absolute(a.path), safe="")
    count = ctx.state.rng(entry, "related").randrange(3, 7)
    related = "".join(
        f'<div class="td-related-span4"><div class="td_module_related_posts td-animation-stack td_mod_related_posts">'
        f'{thumb(ctx, r)}<div class="item-details">{module_title(ctx, r)}<span class="td-post-date">'
        f'{time_tag(r.article, "entry-date updated td-module-date")}</span></div></div></div>'
        for r in ctx.state.related(entry, count))
    return f"""<article id="post-{wp.post_id(ctx, entry)}" class="post-{wp.post_id(ctx, entry)} post type-post status-publish format-standard">
<div class="td-post-header">
<ul class="td-category"><li class="entry-category"><a href="{ctx.href(term_path("category", a.category))}">{esc(a.category)}</a></li></ul>
<header class="td-post-title">
<h1 class="entry-title">{esc(a.title)}</h1>
<div class="td-module-meta-info"><div class="td-post-author-name">Oleh <a href="{ctx.href(term_path("author", a.author))}">{esc(a.author)}</a></div><span class="td-post-date">{time_tag(a, "entry-date updated td-module-date")}</span><div class="td-post-views"><i class="td-icon-views"></i><span class="td-nr-views-{wp.post_id(ctx, entry)}">{ctx.state.hits(entry)}</span></div></div>
</header>
</div>
<div class="td-post-content tagdiv-type">
{featured}{wp.content_html(ctx, WP, entry)}
</div>
<footer>
<div class="td-post-source-tags"><ul class="td-tags td-post-small-box clearfix"><li><span>TAGS</span></li>{tags}</ul></div>
<div class="td-post-sharing-bottom"><div class="td-post-sharing-classic"></div><a class="td-social-sharing-button td-social-facebook" href="https://www.facebook.com/sharer.php?u={url}"><span>Facebook</span></a> <a class="td-social-sharing-button td-social-twitter" href="https://twitter.com/intent/tweet?url={url}"><span>Twitter</span></a> <a class="td-social-sharing-button td-social-whatsapp" href="https://api.whatsapp.com/send?text={url}"><span>WhatsApp</span></a></div>
</footer>
</article>
<div class="td_block_wrap td_block_related_posts"><h4 class="td-block-title"><span>Berita Terkait</span></h4><div class="td_block_inner">{related}</div></div>
{wp.comments_html(ctx, entry)}"""


def sidebar(ctx: Ctx) -> str:
    cats = "".join(f'<li><a href="{ctx.href(term_path("category", c))}">{esc(c)}</a> <span class="td-cat-no">{n}</span></li>'
                   for c, n in ctx.state.categories())
    return (widget("Terpopuler", entry_list(ctx, ctx.state.popular(), date_text, "td_block_7"), "td_block_wrap")
            + widget("Kategori", f'<ul class="td-pb-padding-side">{cats}</ul>', "widget_categories"))


WP = wp.WPTheme(chrome=THEME, listing=listing, single=single, sidebar=sidebar, sitemaps="yoast",
                baca_juga="Baca Juga :")
route = partial(wp.route, WP)
