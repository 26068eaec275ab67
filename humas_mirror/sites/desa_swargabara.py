"""desa_swargabara: an OpenSID village site (default theme "esensi"), Desa Swarga Bara, Kutai Timur.

Links carry /index.php/ (the same paths answer without it, as OpenSID's .htaccess rewrites):
articles /artikel/<y>/<m>/<d>/<slug> with month and day not zero-padded, the old
/first/artikel/<id> redirecting there; home /, /first and /index/<p>; categories
/artikel/kategori/<slug>/<p>; /arsip/<p>; /feed (RSS of the 50 newest with content:encoded and
dc:creator); /sitemap.xml (every article, oldest first, lastmod a bare date). The head is the
theme's: no generator meta, a canonical link to the home page on every page, and the RSS
alternate link pointing at the sitemap, both as OpenSID prints them. Pages show the day only.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from humas_mirror.chrome import (
    FOOTER_YEAR, Ctx, Response, Theme, asset, entry_list, not_found, page, page_count, page_slice, static_page,
    widget,
)
from humas_mirror.content import Entry
from humas_mirror.fmt import (
    cdata, esc, excerpt, last_modified, paragraphs_html, rfc822, slugify, tanggal, when,
)
from humas_mirror.sites.wordpress import redirect, xml_response

PER_PAGE = 6
FEED_SIZE = 50
VERSION = "24.03"
HOME = "/index.php"
THEME = Theme(
    name="Desa Swarga Bara", tagline="Kecamatan Sangatta Utara, Kabupaten Kutai Timur, Provinsi Kalimantan Timur",
    logo="/desa/logo/logo-swarga-bara.png", address="Jl. Poros Sangatta-Bontang Km. 3, Desa Swarga Bara, Sangatta Utara 75683",
    phone="0812-5500-4177", email="pemdes@swargabara.desa.id",
    nav=(("Beranda", "/index.php/first"), ("Profil", "/index.php/profil"),
         ("Berita", "/index.php/artikel/kategori/berita-desa"), ("Galeri", "/index.php/galeri"),
         ("PPID", "/index.php/ppid"), ("Kontak", "/index.php/kontak")),
    body_class="esensi", assets=("/themes/esensi/assets/css/main.css", "/themes/esensi/assets/js/main.js"),
    socials=("facebook", "youtube"))
EMPTY_LISTING = '<p class="kosong">Belum ada artikel.</p>'
EMPTY_COMMENTS = '<p class="kosong">Belum ada komentar.</p>'
DESCRIPTION = "Situs Web Desa Swarga Bara Kec. Sangatta Utara Kab. Kutai Timur Prov. Kalimantan Timur."


def date_of(article) -> str:
    """tgl_indo(): '07 Maret 2023', no time."""
    return tanggal(when(article.published_at))


def hits(ctx: Ctx, entry: Entry) -> str:
    """hit(): the counter with a dot for thousands, '1.234'."""
    return f"{ctx.state.hits(entry):,}".replace(",", ".")


def category_path(category: str) -> str:
    return f"/index.php/artikel/kategori/{slugify(category)}"


def head(ctx: Ctx, path: str, entry: Entry | None = None) -> str:
    """The esensi theme's meta.php: theme credits, OpenGraph, and its canonical and feed links."""
    metas = ["<meta name='theme' content='Esensi' />", "<meta name='theme:designer' content='Diki Siswanto' />",
             f'<meta property="og:site_name" content="{THEME.name}"/>', '<meta property="og:type" content="article"/>',
             f'<link rel="canonical" href="{ctx.absolute(HOME)}"/>',
             f'<link rel="alternate" type="application/rss+xml" title="Feed {THEME.name}" '
             f'href="{ctx.absolute("/index.php/sitemap")}"/>']
    if entry:
        a = entry.article
        metas += [f'<meta property="og:title" content="{esc(a.title)}"/>',
                  f"<meta property='og:description' content=\"{esc(excerpt(a.body, 25))}\" />"]
        if a.images:
            metas.append(f'<meta property="og:image" content="{ctx.absolute(a.images[0]["url"])}"/>')
    metas.append(f"<meta property='og:url' content=\"{ctx.absolute(path)}\" />")
    return "\n".join(metas) + "\n"


def sidebar(ctx: Ctx) -> str:
    """'Arsip Artikel' with the Terkini / Populer / Acak tabs, then the category menu."""
    state = ctx.state
    shuffled = sorted(state.entries, key=lambda e: state.rng(e, "acak").random())
    tabs = [("terkini", "Terkini", state.latest(5)), ("populer", "Populer", state.popular()),
            ("acak", "Acak", shuffled[:5])]
    buttons = "".join(f'<button type="button" data-tab="{key}">{label}</button>' for key, label, _ in tabs)
    panes = "".join(f'<div class="tab-pane" id="{key}">{entry_list(ctx, entries, date_of, "arsip")}</div>'
                    for key, _, entries in tabs)
    cats = "".join(f'<li><a href="{ctx.href(category_path(c))}">{esc(c)}</a></li>' for c, _ in state.categories())
    return (widget("Arsip Artikel", f'<div class="tabs">{buttons}</div>{panes}', "arsip_artikel")
            + widget("Kategori", f'<ul class="menu-kategori">{cats}</ul>', "menu_kategori"))


def pagination(ctx: Ctx, base: str, current: int, last: int) -> str:
    """'Halaman X dari Y' and the page links OpenSID titles 'Halaman Selanjutnya' and so on."""
    def link(n, text, title):
        return f'<li><a href="{ctx.href(f"{base}/{n}")}" title="{title}">{text}</a></li>'

    items = [link(1, "Awal", "Halaman Pertama"), link(current - 1, "&laquo;", "Halaman Sebelumnya")] if current > 1 else []
    for n in range(max(1, current - 2), min(last, current + 2) + 1):
        items.append(f'<li class="active"><span>{n}</span></li>' if n == current else link(n, n, f"Halaman {n}"))
    if current < last:
        items += [link(current + 1, "&raquo;", "Halaman Selanjutnya"), link(last, "Akhir", "Halaman Terakhir")]
    return (f'<div class="pagination-area"><p class="halaman">Halaman {current} dari {last}</p>'
            f'<ul class="pagination">{"".join(items)}</ul></div>')


def item(ctx: Ctx, entry: Entry) -> str:
    a = entry.article
    thumb = (f'<a class="gambar" href="{ctx.href(a.path)}"><img src="{ctx.href(a.images[0]["url"])}" '
             f'alt="{esc(a.title)}"></a>' if a.images else "")
    return (f'<article class="artikel-item">{thumb}<h3 class="judul"><a href="{ctx.href(a.path)}">{esc(a.title)}</a>'
            f'</h3><ul class="meta"><li class="tanggal">{date_of(a)}</li><li class="penulis">{esc(a.author)}</li>'
            f'<li class="dibaca">Dibaca {hits(ctx, entry)} Kali</li></ul><p class="ringkasan">{esc(excerpt(a.body, 30))}'
            f'</p><a class="selengkapnya" href="{ctx.href(a.path)}">Baca Selengkapnya</a></article>')


def listing(ctx: Ctx, entries, page_no: int, base: str, heading: str, path: str) -> Response:
    """Home, category and archive pages; a page past the end is an empty 200, as OpenSID serves it."""
    items = "\n".join(item(ctx, e) for e in page_slice(entries, page_no, PER_PAGE))
    main = (f'<h2 class="judul-seksi">{esc(heading)}</h2>\n<div class="daftar-artikel">\n'
            f'{items or EMPTY_LISTING}\n</div>\n'
            + pagination(ctx, base, page_no, page_count(len(entries), PER_PAGE)))
    return Response(page(ctx, THEME, title=f"{heading} - {THEME.name}", main=main, sidebar=sidebar(ctx),
                         head=head(ctx, path), crumbs=[(heading, None)]))


def attachment(ctx: Ctx, entry: Entry) -> str:
    """The 'Dokumen Lampiran' box, on about a quarter of the articles."""
    if ctx.state.rng(entry, "lampiran").random() >= 0.25:
        return ""
    name = "-".join(entry.article.path.rsplit("/", 1)[-1].split("-")[:4]) + ".pdf"
    link = ctx.href(f"/index.php/first/unduh_dokumen_artikel/{ctx.state.post_ids[entry.article.path]}")
    return (f'<div class="lampiran"><h2 class="judul-seksi">Dokumen Lampiran</h2><ul><li><a href="{link}">'
            f'{esc(name)}</a></li></ul></div>')


def comments(ctx: Ctx, entry: Entry) -> str:
    found = ctx.state.comments(entry)
    items = "".join(f'<div class="komentar-item"><p class="nama">{esc(c.name)}</p><p class="tanggal">'
                    f'{tanggal(c.at)} {c.at:%H:%M}</p><p class="isi">{esc(c.text)}</p></div>' for c in found)
    post = ctx.state.post_ids[entry.article.path]
    return (f'<section class="komentar"><h2 class="judul-seksi">Semua Komentar</h2>'
            f'{items or EMPTY_COMMENTS}'
            f'<h2 class="judul-seksi">Beri Komentar</h2><form action="{ctx.href(f"/index.php/add_comment/{post}")}" '
            f'method="post"><input type="text" name="owner" placeholder="Nama"><input type="text" name="no_hp" '
            f'placeholder="No. HP"><input type="text" name="email" placeholder="E-mail"><textarea name="komentar">'
            f'</textarea><input type="text" name="captcha_code" placeholder="Kode"><button type="submit">Kirim</button>'
            f'</form></section>')


def share(ctx: Ctx, article) -> str:
    url, title = quote(ctx.absolute(article.path), safe=""), quote(article.title)
    links = (("Facebook", f"https://www.facebook.com/sharer.php?u={url}"),
             ("Twitter", f"https://twitter.com/share?url={url}&amp;text={title}"),
             ("WhatsApp", f"https://api.whatsapp.com/send?text={title}%20{url}"),
             ("Telegram", f"https://telegram.me/share/url?url={url}&amp;text={title}"))
    return ('<div class="share"><span>Bagikan:</span> ' + " ".join(
        f'<a href="{href}" target="_blank" rel="noopener noreferrer" title="{name}">{name}</a>' for name, href in links)
        + "</div>")


def article(ctx: Ctx, entry: Entry) -> Response:
    a = entry.article
    body = paragraphs_html(a.body.split("\n\n"))
    photo = (f'<figure class="gambar-artikel"><a data-fancybox="gallery" href="{ctx.href(a.images[0]["url"])}">'
             f'<img src="{ctx.href(a.images[0]["url"])}" alt="{esc(a.title)}"></a></figure>\n' if a.images else "")
    main = f"""<article class="artikel-single" id="artikel-{ctx.state.post_ids[a.path]}">
<h1 class="judul-artikel">{esc(a.title)}</h1>
<ul class="meta">
<li class="penulis"><i class="fas fa-user"></i> {esc(a.author)}</li>
<li class="tanggal"><i class="fas fa-calendar-alt"></i> {date_of(a)}</li>
<li class="dibaca"><i class="fas fa-eye"></i> Dibaca {hits(ctx, entry)} Kali</li>
</ul>
{photo}<div class="content">
{body}
</div>
{attachment(ctx, entry)}{share(ctx, a)}
</article>
{comments(ctx, entry)}"""
    html = page(ctx, THEME, title=f"{a.title} - {THEME.name}", main=main, sidebar=sidebar(ctx),
                head=head(ctx, a.path, entry), crumbs=[(a.category, category_path(a.category))])
    return Response(html, modified=last_modified(a))


def feed_item(ctx: Ctx, entry: Entry) -> str:
    a = entry.article
    photo = f'<img src="{ctx.absolute(a.images[0]["url"])}" />' if a.images else ""
    summary = esc(" ".join(a.body.split()[:40])) + "[...]"
    body = paragraphs_html(a.body.split("\n\n"))
    return f"""\t\t<item>
\t\t\t<title>{esc(a.title, quote=False)}</title>
\t\t\t<link>{ctx.absolute(a.path)}</link>
\t\t\t<guid>{ctx.absolute(a.path)}</guid>
\t\t\t<pubDate>{rfc822(when(a.published_at))}</pubDate>
\t\t\t<category>{cdata(a.category)}</category>
\t\t\t<description>{cdata(photo + summary)}</description>
\t\t\t<content:encoded>{cdata(photo + body)}</content:encoded>
\t\t\t<dc:creator>{esc(a.author)}</dc:creator>
\t\t</item>"""


def feed(ctx: Ctx) -> Response:
    """views/feed.php: the newest articles with their whole text."""
    items = "\n".join(feed_item(ctx, entry) for entry in ctx.state.entries[:FEED_SIZE])
    xml = f"""<rss version="2.0"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:wfw="http://wellformedweb.org/CommentAPI/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:atom="http://www.w3.org/2005/Atom"
\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
\txmlns:slash="http://purl.org/rss/1.0/modules/slash/">
\t<channel>
\t\t<title>{THEME.name}</title>
\t\t<link>{ctx.absolute("/")}</link>
\t\t<atom:link href="{ctx.absolute("/index.php/feed")}" rel="self" type="application/rss+xml" />
\t\t<description>{DESCRIPTION}</description>
\t\t<dc:language>id</dc:language>
\t\t<dc:rights>Copyright 2016-{FOOTER_YEAR} OpenDESA - OpenSID {VERSION}</dc:rights>
{items}
\t</channel>
</rss>
"""
    return Response(xml, content_type="text/xml; charset=UTF-8")


def sitemap(ctx: Ctx) -> Response:
    """views/sitemap.php: the home page, then every article in table order (oldest first)."""
    urls = "".join(f"\t<url>\n\t\t<loc>{ctx.absolute(a.path)}</loc>\n\t\t<lastmod>{a.published_at[:10]}</lastmod>\n"
                   f"\t\t<priority>0.5</priority>\n\t\t<changefreq>weekly</changefreq>\n\t</url>\n"
                   for a in reversed(ctx.state.articles))
    return xml_response(f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n\t<url>\n\t\t<loc>'
                        f'{ctx.absolute(HOME)}</loc>\n\t\t<priority>1.0</priority>\n\t\t<changefreq>daily'
                        f'</changefreq>\n\t</url>\n{urls}</urlset>')


LISTINGS = re.compile(r"/(?:(?:first/)?index/(?P<home>\d+)|artikel/kategori/(?P<cat>[^/]+)(?:/(?P<cat_page>\d+))?"
                      r"|arsip(?:/(?P<arsip>\d+))?)")


def listing_for(ctx: Ctx, local: str, path: str) -> Response | None:
    match = LISTINGS.fullmatch(local)
    if not match:
        return None
    state = ctx.state
    if match["cat"]:
        name = {slugify(c): c for c, _ in state.categories()}.get(match["cat"])
        entries = [e for e in state.entries if e.article.category == name]
        return listing(ctx, entries, int(match["cat_page"] or 1), category_path(name), name, path) if name else None
    if match["home"]:
        return listing(ctx, state.entries, int(match["home"]), "/index.php/index", "Artikel Terkini", path)
    return listing(ctx, state.entries, int(match["arsip"] or 1), "/index.php/arsip", "Arsip Artikel", path)


def route(ctx: Ctx, path: str, query: dict) -> Response:
    state = ctx.state
    local = path.removeprefix(HOME).rstrip("/") or "/"  # CodeIgniter ignores a trailing slash
    if local in ("/", "/first"):
        return listing(ctx, state.entries, 1, "/index.php/index", "Artikel Terkini", path)
    if HOME + local in state.by_path:
        return article(ctx, state.by_path[HOME + local])
    if local == "/feed":
        return feed(ctx)
    if local in ("/sitemap.xml", "/sitemap"):
        return sitemap(ctx)
    old = re.fullmatch(r"/first/artikel/(\d+)", local)
    if old and int(old[1]) in state.by_id:
        return redirect(ctx, state.by_id[int(old[1])].article.path)
    download = re.fullmatch(r"/first/unduh_dokumen_artikel/(\d+)", local)
    if download and int(download[1]) in state.by_id:
        return Response(b"%PDF-1.4\n% mirror attachment\n", content_type="application/pdf")
    if HOME + local in THEME.static_pages:
        return static_page(ctx, THEME, THEME.static_pages[HOME + local], sidebar(ctx))
    return listing_for(ctx, local, path) or asset(ctx, THEME, path) or not_found(ctx, THEME, sidebar(ctx))
