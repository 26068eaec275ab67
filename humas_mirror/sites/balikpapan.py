"""balikpapan: the city portal's custom CMS, reachable through its sitemap only.

Articles at /berita/read/<id> with schema.org NewsArticle microdata; /sitemap.xml lists every
article with its lastmod; no feed. The home page loads more news by script, not by links. The
listing /berita?hal=N is a field of crawler traps rather than a way in: "Berikutnya" is always
offered (pages past the end are empty 200s with the same sidebar), the agenda calendar pages
on forever (/kalender/<y>/<m>), the popular list carries PHP session ids, recent comments link
with ?replytocom=, and a leftover block links to the staging host (localhost).
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from urllib.parse import quote

from humas_mirror.chrome import (
    Ctx, Response, Theme, asset, entry_list, int_param, not_found, page, page_slice, static_page, widget,
)
from humas_mirror.content import Entry
from humas_mirror.fmt import (
    MONTHS, esc, excerpt, hari_tanggal, iso, last_modified, paragraphs_html, slugify, when,
)
from humas_mirror.sites.wordpress import xml_response

PER_PAGE = 10
HOME_ITEMS = 8
THEME = Theme(
    name="Pemerintah Kota Balikpapan", tagline="Portal Resmi Pemerintah Kota Balikpapan",
    logo="/assets/img/logo-balikpapan.png", address="Jl. Jenderal Sudirman No. 1, Balikpapan, Kalimantan Timur 76114",
    phone="(0542) 421500", email="diskominfo@balikpapan.go.id",
    nav=(("Beranda", "/"), ("Profil", "/profil"), ("Berita", "/berita"), ("Agenda", "/kalender"),
         ("Galeri", "/galeri"), ("PPID", "/ppid"), ("Kontak", "/kontak")),
    body_class="portal-bpp", assets=("/assets/css/portal.css", "/assets/js/portal.js"))


def date_of(article) -> str:
    """'Kamis, 04 Juli 2024 | 18:18 WITA'."""
    moment = when(article.published_at)
    return f"{hari_tanggal(moment)} | {moment:%H:%M} WITA"


def category_path(category: str) -> str:
    return f"/berita/kategori/{slugify(category)}"


def session_id(ctx: Ctx, path: str) -> str:
    """PHP's trans_sid token, appended to links for clients that refuse the cookie."""
    return hashlib.sha1(f"{ctx.site}:{path}".encode()).hexdigest()[:26]


# ---- sidebar: where the traps live --------------------------------------------------------------

def calendar(ctx: Ctx, month: datetime) -> str:
    """A month of the agenda with links to the months before and after, forever."""
    before = month.replace(year=month.year - (month.month == 1), month=(month.month - 2) % 12 + 1)
    after = month.replace(year=month.year + (month.month == 12), month=month.month % 12 + 1)
    nav = "".join(f'<a class="{cls}" href="{ctx.href(f"/kalender/{m.year}/{m.month}")}">{label}</a>'
                  for cls, m, label in (("prev", before, "&lsaquo;"), ("next", after, "&rsaquo;")))
    return f'<div class="kalender"><div class="bulan">{nav} {MONTHS[month.month - 1]} {month.year}</div></div>'


def newest_month(ctx: Ctx) -> datetime:
    return when(ctx.state.entries[0].article.published_at).replace(day=1, hour=0, minute=0, second=0)


def sidebar(ctx: Ctx) -> str:
    state = ctx.state
    popular = "".join(f'<li><a href="{ctx.href(e.article.path)}?PHPSESSID={session_id(ctx, e.article.path)}">'
                      f'{esc(e.article.title)}</a></li>' for e in state.popular())
    replies = "".join(f'<li><a href="{ctx.href(e.article.path)}?replytocom={c.id}#respond">{esc(c.name)}: '
                      f'{esc(c.text)}</a></li>' for e in state.latest(10) for c in state.comments(e))
    host, _, port = ctx.host.rpartition(":")
    staging = f"localhost:{port}" if host else "localhost"
    leftovers = "".join(f'<li><a href="http://{staging}{ctx.prefix}{e.article.path}">{esc(e.article.title)}</a></li>'
                        for e in state.latest(3))
    return (widget("Berita Terkini", entry_list(ctx, state.latest(5), date_of, "terkini"), "terkini")
            + widget("Terpopuler", f'<ul class="populer">{popular}</ul>', "populer")
            + widget("Komentar Terbaru", f'<ul class="komentar-terbaru">{replies}</ul>', "komentar")
            + widget("Kalender Kegiatan", calendar(ctx, newest_month(ctx)), "kalender-widget")
            + widget("Tautan", f'<ul class="tautan">{leftovers}</ul>', "tautan"))


# ---- pages --------------------------------------------------------------------------------------

def item(ctx: Ctx, entry: Entry) -> str:
    a = entry.article
    return (f'<div class="berita-item"><h3><a href="{ctx.href(a.path)}">{esc(a.title)}</a></h3>'
            f'<span class="tanggal">{date_of(a)}</span><p>{esc(excerpt(a.body, 30))}</p></div>')


def listing(ctx: Ctx, entries, base: str, heading: str, page_no: int) -> Response:
    """Ten a page; "Berikutnya" is printed whatever the page, so it never ends."""
    items = "\n".join(item(ctx, e) for e in page_slice(entries, page_no, PER_PAGE)) or "<p>Belum ada berita.</p>"
    prev = (f'<a rel="prev" href="{ctx.href(base)}?hal={page_no - 1}">&laquo; Sebelumnya</a> '
            if page_no > 1 else "")
    main = (f'<h1 class="page-title">{esc(heading)}</h1>\n<div class="daftar-berita">\n{items}\n</div>\n'
            f'<div class="navigasi">{prev}<a rel="next" href="{ctx.href(base)}?hal={page_no + 1}">Berikutnya &raquo;</a></div>')
    return Response(page(ctx, THEME, title=f"{heading} - {THEME.name}", main=main, crumbs=[(heading, None)],
                         sidebar=sidebar(ctx)))


def home(ctx: Ctx) -> Response:
    main = ('<h2 class="section-title">Berita Terkini</h2>\n<div class="daftar-berita">\n'
            + "\n".join(item(ctx, e) for e in ctx.state.entries[:HOME_ITEMS])
            + f'\n</div>\n<button type="button" class="muat-lagi" onclick="muatBerita({HOME_ITEMS})">'
              "Muat Lebih Banyak</button>")
    return Response(page(ctx, THEME, title=THEME.name, main=main, sidebar=sidebar(ctx), body_class="home"))


def agenda(ctx: Ctx, month: datetime) -> Response:
    main = (f'<h1 class="page-title">Agenda {MONTHS[month.month - 1]} {month.year}</h1>\n{calendar(ctx, month)}\n'
            "<p>Belum ada agenda pada bulan ini.</p>")
    return Response(page(ctx, THEME, title=f"Agenda - {THEME.name}", main=main, crumbs=[("Agenda", None)],
                         sidebar=sidebar(ctx)))


def comments(ctx: Ctx, entry: Entry) -> str:
    path = ctx.href(entry.article.path)
    items = "".join(f'<li id="komentar-{c.id}"><b>{esc(c.name)}</b> <p>{esc(c.text)}</p>'
                    f'<a href="{path}?replytocom={c.id}#respond">Balas</a></li>' for c in ctx.state.comments(entry))
    return (f'<section class="komentar"><h3>Komentar</h3><ol>{items}</ol><div id="respond"><form method="post" '
            f'action="{ctx.href("/komentar/kirim")}"><input type="text" name="nama"><textarea name="isi"></textarea>'
            f'<button type="submit">Kirim</button></form></div></section>')


def article(ctx: Ctx, entry: Entry) -> Response:
    a = entry.article
    figure = "".join(f'<figure class="foto"><img itemprop="image" src="{ctx.href(img["url"])}" alt="{esc(a.title)}">'
                     f'<figcaption>{esc(img["caption"])}</figcaption></figure>\n' for img in a.images)
    body = paragraphs_html(a.body.split("\n\n"))
    tags = " ".join(f'<a rel="tag" href="{ctx.href("/berita/tag/" + slugify(t))}">{esc(t)}</a>' for t in a.tags)
    url = quote(ctx.absolute(a.path), safe="")
    main = f"""<article class="berita-detail" itemscope itemtype="https://schema.org/NewsArticle">
<h1 class="judul" itemprop="headline">{esc(a.title)}</h1>
<div class="info"><a class="kategori" itemprop="articleSection" href="{ctx.href(category_path(a.category))}">{esc(a.category)}</a>
<time itemprop="datePublished" datetime="{a.published_at}">{date_of(a)}</time>
<time itemprop="dateModified" datetime="{iso(last_modified(a))}"></time>
<span itemprop="author" itemscope itemtype="https://schema.org/Organization"><span itemprop="name">{esc(a.author)}</span></span></div>
<div class="isi" itemprop="articleBody">
{figure}{body}
</div>
<div class="tags">Tag: {tags}</div>
<div class="share">Bagikan: <a href="https://www.facebook.com/sharer/sharer.php?u={url}">Facebook</a> <a href="https://api.whatsapp.com/send?text={url}">WhatsApp</a></div>
</article>
{comments(ctx, entry)}"""
    html = page(ctx, THEME, title=f"{a.title} - {THEME.name}", main=main, sidebar=sidebar(ctx),
                crumbs=[("Berita", "/berita"), (a.category, category_path(a.category))])
    return Response(html, modified=last_modified(a))


def sitemap(ctx: Ctx) -> Response:
    urls = "".join(f"<url><loc>{ctx.absolute(a.path)}</loc><lastmod>{iso(last_modified(a))}</lastmod></url>\n"
                   for a in ctx.state.articles)
    return xml_response(f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                        f"<url><loc>{ctx.absolute('/')}</loc></url>\n{urls}</urlset>\n")


def term_listing(ctx: Ctx, path: str, query: dict) -> Response | None:
    """/berita/kategori/<slug> and /berita/tag/<slug>, paged like /berita."""
    match = re.fullmatch(r"/berita/(kategori|tag)/([^/]+)", path)
    if not match:
        return None
    state = ctx.state
    names = [c for c, _ in state.categories()] if match[1] == "kategori" else {t for a in state.articles for t in a.tags}
    name = {slugify(n): n for n in names}.get(match[2])
    if not name:
        return None
    entries = [e for e in state.entries if name == e.article.category or name in e.article.tags]
    return listing(ctx, entries, path, name, int_param(query, "hal"))


def route(ctx: Ctx, path: str, query: dict) -> Response:
    state = ctx.state
    if path == "/":
        return home(ctx)
    if path in state.by_path:
        return article(ctx, state.by_path[path])
    if path == "/sitemap.xml":
        return sitemap(ctx)
    if path == "/berita":
        return listing(ctx, state.entries, path, "Berita", int_param(query, "hal"))
    month = re.fullmatch(r"/kalender(?:/((?:19|20)\d\d)/(\d{1,2}))?", path)
    if month and (not month[2] or 1 <= int(month[2]) <= 12):
        return agenda(ctx, datetime(int(month[1]), int(month[2]), 1) if month[1] else newest_month(ctx))
    if path in THEME.static_pages:
        return static_page(ctx, THEME, THEME.static_pages[path], sidebar(ctx))
    return term_listing(ctx, path, query) or asset(ctx, THEME, path) or not_found(ctx, THEME, sidebar(ctx))
