"""kaltimprov: the provincial portal's custom PHP CMS. No feed, no sitemap, no meta tags.

Articles at /berita/<slug>; listing /berita?page=N (10 a page, a page past the end is an empty
200); dates "21 Maret 2015 Jam 09:30:00"; photo credit as a "/////FOTO : ..." last paragraph; a
latest-news "Berita Terkait" block after the body. The home page's banner leads to the editors'
picks, a listing at an article's address (/berita/kumpulan-berita-pilihan-redaksi): only its page
tells it from an article.
"""

from __future__ import annotations

from urllib.parse import quote

from humas_mirror.chrome import (
    Ctx, Response, Theme, asset, entry_list, int_param, not_found, page, page_count, page_slice, static_page,
    widget,
)
from humas_mirror.content import Entry
from humas_mirror.fmt import esc, last_modified, paragraphs_html, slugify, tanggal_jam, when

PER_PAGE = 10
RELATED = 5
PICKS_PATH = "/berita/kumpulan-berita-pilihan-redaksi"
PICKS_HEADING = "Kumpulan Berita Pilihan Redaksi"
THEME = Theme(
    name="Pemerintah Provinsi Kalimantan Timur", tagline="Portal Resmi Pemprov Kaltim",
    logo="/assets/img/logo-kaltim.png", address="Jl. Gajah Mada No. 2, Samarinda, Kalimantan Timur 75121",
    phone="(0541) 733333", email="humas@kaltimprov.go.id",
    nav=(("Beranda", "/"), ("Profil", "/profil"), ("Berita", "/berita"), ("Galeri", "/galeri"),
         ("PPID", "/ppid"), ("Kontak", "/kontak")),
    body_class="kaltimprov", assets=("/assets/css/style.css", "/assets/js/main.js"))


def jam(article) -> str:
    return tanggal_jam(when(article.published_at))


def sidebar(ctx: Ctx) -> str:
    cats = "".join(f'<li><a href="{ctx.href("/kategori/" + slugify(c))}">{esc(c)}</a> ({n})</li>'
                   for c, n in ctx.state.categories())
    return (widget("Berita Terpopuler", entry_list(ctx, ctx.state.popular(), jam, "populer", with_category=True),
                   "terpopuler")
            + widget("Kategori", f'<ul class="kategori">{cats}</ul>', "kategori-widget"))


def item(ctx: Ctx, entry: Entry) -> str:
    a = entry.article
    return (f'<div class="list-berita"><a class="judul" href="{ctx.href(a.path)}">{esc(a.title)}</a>'
            f'<span class="tanggal">{jam(a)}</span></div>')


def pagination(ctx: Ctx, base: str, current: int, last: int) -> str:
    links = []
    if current > 1:
        links.append(f'<li><a rel="prev" href="{ctx.href(base)}?page={current - 1}">«</a></li>')
    for n in range(1, last + 1):
        links.append(f'<li class="active"><span>{n}</span></li>' if n == current
                     else f'<li><a href="{ctx.href(base)}?page={n}">{n}</a></li>')
    if current < last:
        links.append(f'<li><a rel="next" href="{ctx.href(base)}?page={current + 1}">»</a></li>')
    return f'<ul class="pagination">{"".join(links)}</ul>'


def listing(ctx: Ctx, entries, page_no: int, base: str, heading: str) -> Response:
    shown = page_slice(entries, page_no, PER_PAGE)
    items = "\n".join(item(ctx, e) for e in shown) or '<p class="kosong">Belum ada berita.</p>'
    main = (f'<h1 class="page-title">{esc(heading)}</h1>\n<div class="daftar-berita">\n{items}\n</div>\n'
            + pagination(ctx, base, page_no, page_count(len(entries), PER_PAGE)))
    return Response(page(ctx, THEME, title=f"{heading} - {THEME.name}", main=main, crumbs=[(heading, None)],
                         sidebar=sidebar(ctx), body_class="halaman-berita"))


def home(ctx: Ctx) -> Response:
    slides = [e for e in ctx.state.entries if e.article.images][:5]
    slider = "".join(
        f'<div class="carousel-item{" active" if i == 0 else ""}"><a href="{ctx.href(e.article.path)}">'
        f'<img src="{ctx.href(e.article.images[0]["url"])}" alt="{esc(e.article.title)}">'
        f'<div class="carousel-caption"><h5>{esc(e.article.title)}</h5></div></a></div>'
        for i, e in enumerate(slides))
    entries = ctx.state.entries
    banner = f'<div class="banner-pilihan"><a href="{ctx.href(PICKS_PATH)}">{PICKS_HEADING} Pemprov Kaltim</a></div>\n'
    main = (banner
            + f'<div id="slider" class="carousel slide" data-ride="carousel"><div class="carousel-inner">{slider}'
            f'</div></div>\n<h2 class="section-heading">Berita Terkini</h2>\n<div class="daftar-berita">\n'
            + "\n".join(item(ctx, e) for e in entries[:PER_PAGE]) + "\n</div>\n"
            + pagination(ctx, "/berita", 1, page_count(len(entries), PER_PAGE)))
    return Response(page(ctx, THEME, title=THEME.name, main=main, sidebar=sidebar(ctx), body_class="home"))


def share(ctx: Ctx, path: str, title: str) -> str:
    url = quote(ctx.absolute(path), safe="")
    return (f'<div class="share">Bagikan: <a href="https://www.facebook.com/sharer/sharer.php?u={url}" target="_blank">'
            f'Facebook</a> <a href="https://twitter.com/intent/tweet?url={url}&amp;text={quote(title)}" target="_blank">'
            f'Twitter</a> <a href="https://api.whatsapp.com/send?text={url}" target="_blank">WhatsApp</a></div>')


def latest_news(ctx: Ctx, entry: Entry) -> list[Entry]:
    """The block under an article: the latest news, or the fixed list seed 001 was captured with."""
    fixed = [ctx.state.by_path[p] for p in entry.layout.related]
    return fixed or ctx.state.latest(RELATED, exclude=entry)


def article(ctx: Ctx, entry: Entry) -> Response:
    a = entry.article
    paragraphs = a.body.split("\n\n")
    photo = a.images[0] if a.images else None
    foto = (f'<div class="foto-berita"><img src="{ctx.href(photo["url"])}" alt="{esc(a.title)}"></div>\n'
            if photo else "")
    if photo and photo["caption"]:
        paragraphs.append("/////FOTO : " + photo["caption"])
    body = paragraphs_html(paragraphs)
    related = "".join(
        f'<li><a href="{ctx.href(r.article.path)}">{esc(r.article.title)}</a><div class="tgl">{jam(r.article)}</div>'
        f'<div class="kat">{esc(r.article.category)}</div></li>'
        for r in latest_news(ctx, entry))
    main = f"""<div class="detail-berita">
<div class="section-title">Kalimantan Timur</div>
<h1 class="judul-berita">{esc(a.title)}</h1>
<div class="info-berita"><span class="tanggal">{jam(a)}</span> <span class="kategori">{esc(a.category)}</span></div>
{foto}<div class="isi-berita">
{body}
</div>
<div class="berita-terkait"><h4>Berita Terkait</h4><ul>{related}</ul></div>
{share(ctx, a.path, a.title)}
</div>"""
    html = page(ctx, THEME, title=f"{a.title} - {THEME.name}", main=main, sidebar=sidebar(ctx),
                crumbs=[("Berita", "/berita"), (a.title, None)], body_class="detail")
    return Response(html, modified=last_modified(a))


def route(ctx: Ctx, path: str, query: dict) -> Response:
    state = ctx.state
    if path == "/":
        return home(ctx)
    if path == "/berita":
        return listing(ctx, state.entries, int_param(query, "page"), "/berita", "Berita")
    if path in state.by_path:
        return article(ctx, state.by_path[path])
    if path == PICKS_PATH:
        return listing(ctx, state.popular(PER_PAGE), 1, path, PICKS_HEADING)
    if path.startswith("/kategori/"):
        names = {slugify(c): c for c, _ in state.categories()}
        name = names.get(path.removeprefix("/kategori/"))
        if name:
            entries = [e for e in state.entries if e.article.category == name]
            return listing(ctx, entries, int_param(query, "page"), path, name)
    if path in THEME.static_pages:
        return static_page(ctx, THEME, THEME.static_pages[path], sidebar(ctx))
    return asset(ctx, THEME, path) or not_found(ctx, THEME, sidebar(ctx))
