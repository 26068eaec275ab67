"""humas_kupang: Bagian Humas Setda Kabupaten Kupang on classic Lokomedia, reachable through RSS only.

Articles at /baca-berita-<id>-<seo-title>.html; the home page shows the ten newest with no
pagination; /rss.xml lists the 20 newest (title, link, description, pubDate); no sitemap, no
OpenGraph. Dates 'Kamis, 5 September 2024 15:36 WITA'; 'Artikel Terkait' as a Bootstrap
list-group; a comment form.
"""

from __future__ import annotations

from urllib.parse import quote

from humas_mirror.chrome import (
    Ctx, Response, Theme, asset, entry_list, not_found, page, static_page, widget,
)
from humas_mirror.content import Entry
from humas_mirror.fmt import (
    DAYS, esc, excerpt, last_modified, paragraphs_html, rfc822, tanggal_short, when,
)

RSS_SIZE = 20
HOME_ITEMS = 10
THEME = Theme(
    name="Pemerintah Kabupaten Kupang", tagline="Bagian Humas dan Protokol Setda Kabupaten Kupang",
    logo="/templates/kupang/images/logo.png", address="Jl. Timor Raya Km. 36, Oelamasi, Kabupaten Kupang, NTT",
    phone="(0380) 8553001", email="humas@kupangkab.go.id",
    nav=(("Beranda", "/"), ("Profil", "/hal-profil-daerah.html"), ("Galeri", "/galeri-foto.html"),
         ("Kontak", "/hubungi-kami.html")),
    body_class="lokomedia", assets=("/templates/kupang/css/bootstrap.min.css", "/templates/kupang/js/jquery.min.js"))


def date_of(article) -> str:
    """'Kamis, 5 September 2024 15:36 WITA'."""
    moment = when(article.published_at)
    return f"{DAYS[moment.weekday()]}, {tanggal_short(moment)} {moment:%H:%M} WITA"


def panel(heading: str, inner: str) -> str:
    return (f'<div class="panel panel-default"><div class="panel-heading"><b>{esc(heading)}</b></div>'
            f"{inner}</div>\n")


def sidebar(ctx: Ctx) -> str:
    popular = "".join(f'<li class="list-group-item"><a href="{ctx.href(e.article.path)}">{esc(e.article.title)}</a><br>'
                      f"<small>{date_of(e.article)} | Dibaca: {ctx.state.hits(e)} kali</small></li>"
                      for e in ctx.state.popular())
    return (panel("Berita Terpopuler", f'<ul class="list-group">{popular}</ul>')
            + widget("Agenda", "<p>Belum ada agenda.</p>", "agenda")
            + widget("Polling", '<div id="polling">Loading...</div>', "polling"))


def home(ctx: Ctx) -> Response:
    entries = ctx.state.entries[:HOME_ITEMS]
    main = panel("Berita Terbaru", '<div class="panel-body">' + entry_list(ctx, entries, date_of, "berita-terbaru")
                 + "</div>")
    head = f'<link rel="alternate" type="application/rss+xml" title="RSS" href="{ctx.href("/rss.xml")}">\n'
    return Response(page(ctx, THEME, title=THEME.name, main=main, sidebar=sidebar(ctx), head=head, body_class="home"))


def date_of_comment(comment) -> str:
    return f"{tanggal_short(comment.at)} {comment.at:%H:%M}"


def comments(ctx: Ctx, entry: Entry) -> str:
    found = "".join(f'<div class="media"><b>{esc(c.name)}</b> <small>{date_of_comment(c)}</small><p>{esc(c.text)}</p>'
                    f"</div>" for c in ctx.state.comments(entry))
    form = (f'<form method="post" action="{ctx.href("/simpankomentar.html")}"><input type="hidden" name="id" '
            f'value="{ctx.state.post_ids[entry.article.path]}"><input type="text" name="nama_komentar">'
            f'<textarea name="isi_komentar"></textarea><input type="text" name="kode"><input type="submit" value="Kirim">'
            f'</form>')
    return panel("Komentari Berita", f'<div class="panel-body">{found or "<p>Belum ada komentar untuk berita ini.</p>"}'
                                     f"{form}</div>")


def article(ctx: Ctx, entry: Entry) -> Response:
    a = entry.article
    photo = "".join(f'<div class="text-center"><img src="{ctx.href(img["url"])}" class="img-responsive img-thumbnail" '
                    f'alt=""></div>\n' for img in a.images)
    related = "".join(f'<a href="{ctx.href(r.article.path)}" class="list-group-item">{esc(r.article.title)} '
                      f'<span class="badge">({date_of(r.article)})</span></a>' for r in ctx.state.related(entry, 3))
    url = quote(ctx.absolute(a.path), safe="")
    body = paragraphs_html(a.body.split("\n\n"))
    main = f"""<div class="panel panel-default"><div class="panel-body">
<h3 class="judul">{esc(a.title)}</h3>
<p class="text-muted"><small><span class="posted">Diposting oleh : <b>{esc(a.author)}</b></span> &nbsp; <span class="tanggal">{date_of(a)}</span> &nbsp; <span class="kategori">Kategori : {esc(a.category)}</span> &nbsp; <span class="hits">Dibaca: {ctx.state.hits(entry)} kali</span></small></p>
{photo}<div class="isi_berita">
{body}
</div>
<div class="share">Bagikan: <a href="http://www.facebook.com/sharer.php?u={url}" class="btn btn-primary btn-xs">Facebook</a> <a href="http://twitter.com/home/?status={quote(a.title)}" class="btn btn-info btn-xs">Twitter</a></div>
</div></div>
{panel("Artikel Terkait", f'<div class="list-group">{related}</div>')}{comments(ctx, entry)}"""
    html = page(ctx, THEME, title=f"{THEME.name} - {a.title}", main=main, sidebar=sidebar(ctx))
    return Response(html, modified=last_modified(a))


def rss(ctx: Ctx) -> Response:
    items = "".join(f"<item><title>{esc(a.title)}</title><link>{ctx.absolute(a.path)}</link>"
                    f"<description>{esc(excerpt(a.body, 40))}</description>"
                    f"<pubDate>{rfc822(when(a.published_at))}</pubDate></item>\n"
                    for a in ctx.state.articles[:RSS_SIZE])
    xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n<channel>\n<title>{esc(THEME.name)}</title>\n'
           f"<link>{ctx.absolute('/')}</link>\n<description>{esc(THEME.tagline)}</description>\n{items}</channel>\n</rss>\n")
    return Response(xml, content_type="text/xml; charset=utf-8")


def route(ctx: Ctx, path: str, query: dict) -> Response:
    state = ctx.state
    if path in ("/", "/index.php"):
        return home(ctx)
    if path in state.by_path:
        return article(ctx, state.by_path[path])
    if path == "/rss.xml":
        return rss(ctx)
    if path in THEME.static_pages:
        return static_page(ctx, THEME, THEME.static_pages[path], sidebar(ctx))
    return asset(ctx, THEME, path) or not_found(ctx, THEME, sidebar(ctx))
