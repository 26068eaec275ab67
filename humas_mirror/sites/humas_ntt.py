"""humas_ntt: CodeIgniter "CMS Berita" (Lokomedia lineage).

Articles at /berita/detail/<seo-title>; listing /berita/index/<offset> (10 a page, CodeIgniter's
pagination with rel=next); /rss.xml (20 newest); photo captions "Keterangan Gambar : ...".
"""

from __future__ import annotations

from urllib.parse import quote

from humas_mirror.chrome import (
    Ctx, Response, Theme, asset, entry_list, not_found, page, page_count, static_page, widget,
)
from humas_mirror.content import Entry
from humas_mirror.fmt import DAYS, esc, excerpt, last_modified, paragraphs_html, rfc822, slugify, tanggal, when

PER_PAGE = 10
THEME = Theme(
    name="Biro Administrasi Pimpinan Setda Provinsi NTT", tagline="Humas Pemerintah Provinsi Nusa Tenggara Timur",
    logo="/asset/images/logo-ntt.png", address="Jl. El Tari No. 52, Kupang, Nusa Tenggara Timur 85111",
    phone="(0380) 833054", email="humas@nttprov.go.id",
    nav=(("Beranda", "/"), ("Profil", "/halaman/detail/profil"), ("Berita", "/berita"), ("Galeri", "/galeri"),
         ("PPID", "/halaman/detail/ppid"), ("Kontak", "/hubungi")),
    body_class="ntt-humas", assets=("/asset/css/style.css", "/asset/js/main.js"))


def date_of(article) -> str:
    """'Rabu, 25 April 2018 - 10:15 WITA'."""
    moment = when(article.published_at)
    return f"{DAYS[moment.weekday()]}, {tanggal(moment)} - {moment:%H:%M} WITA"


def sidebar(ctx: Ctx) -> str:
    cats = "".join(f'<li><a href="{ctx.href("/berita/kategori/" + slugify(c))}">{esc(c)}</a></li>'
                   for c, _ in ctx.state.categories())
    return (widget("Berita Populer", entry_list(ctx, ctx.state.popular(), date_of, "populer"), "populer")
            + widget("Kategori", f'<ul class="nav">{cats}</ul>', "kategori"))


def item(ctx: Ctx, entry: Entry) -> str:
    a = entry.article
    thumb = (f'<div class="post--img"><a href="{ctx.href(a.path)}" class="thumb"><img src="{ctx.href(a.images[0]["url"])}" '
             f'alt="{esc(a.title)}"></a></div>' if a.images else "")
    return (f'<div class="post--item post--layout-3">{thumb}<div class="post--info"><ul class="nav meta"><li>'
            f'<span class="date">{date_of(a)}</span></li></ul><div class="title"><h3 class="h4">'
            f'<a href="{ctx.href(a.path)}" class="btn-link">{esc(a.title)}</a></h3></div></div>'
            f'<div class="post--excerpt"><p>{esc(excerpt(a.body, 25))}</p></div></div>')


def pagination(ctx: Ctx, base: str, offset: int, total: int) -> str:
    """CodeIgniter 3's Pagination with bootstrap tags: offsets in the URL, rel=prev/next."""
    last = page_count(total, PER_PAGE)
    current = offset // PER_PAGE + 1

    def link(n, text, rel=""):
        rel_attr = f' rel="{rel}"' if rel else ""
        return (f'<li><a href="{ctx.href(base)}/{(n - 1) * PER_PAGE}" data-ci-pagination-page="{n}"{rel_attr}>'
                f"{text}</a></li>")

    items = [link(1, "&lsaquo; First"), link(current - 1, "&lt;", "prev")] if current > 1 else []
    for n in range(max(1, current - 2), min(last, current + 2) + 1):
        items.append(f'<li class="active"><span>{n}</span></li>' if n == current else link(n, n))
    if current < last:
        items += [link(current + 1, "&gt;", "next"), link(last, "Last &rsaquo;")]
    return f'<ul class="pagination">{"".join(items)}</ul>'


def listing(ctx: Ctx, entries, offset: int, base: str, heading: str) -> Response:
    shown = entries[offset:offset + PER_PAGE]
    items = "\n".join(item(ctx, e) for e in shown) or "<p>Belum ada berita.</p>"
    main = (f'<div class="post--items-title"><h2 class="h4">{esc(heading)}</h2></div>\n<div class="post--items">\n'
            f'{items}\n</div>\n{pagination(ctx, base, offset, len(entries))}')
    return Response(page(ctx, THEME, title=f"{heading} - {THEME.name}", main=main, crumbs=[(heading, None)],
                         sidebar=sidebar(ctx)))


def home(ctx: Ctx) -> Response:
    main = ('<div class="post--items-title"><h2 class="h4">Berita Terkini</h2></div>\n<div class="post--items">\n'
            + "\n".join(item(ctx, e) for e in ctx.state.entries[:PER_PAGE])
            + f'\n</div>\n{pagination(ctx, "/berita/index", 0, len(ctx.state.entries))}')
    return Response(page(ctx, THEME, title=THEME.name, main=main, sidebar=sidebar(ctx), body_class="home"))


def comments(ctx: Ctx, entry: Entry) -> str:
    items = "".join(f'<li><div class="comment--item"><div class="comment--info"><div class="comment--header">'
                    f'<h3 class="name">{esc(c.name)}</h3><p class="date">{tanggal(c.at)} {c.at:%H:%M}</p></div>'
                    f'<div class="comment--content"><p>{esc(c.text)}</p></div></div></div></li>'
                    for c in ctx.state.comments(entry))
    return (f'<div class="comment--list pd--30-0"><div class="post--items-title"><h2 class="h4">Komentar</h2></div>'
            f'<ul class="comment--items nav">{items}</ul></div>\n'
            f'<div class="comment--form pd--30-0"><div class="post--items-title"><h2 class="h4">Kirim Komentar</h2></div>'
            f'<form action="{ctx.href("/berita/kirim_komentar")}" method="post"><input type="hidden" name="id" '
            f'value="{ctx.state.post_ids[entry.article.path]}"><input type="text" name="nama" placeholder="Nama">'
            f'<textarea name="isi_komentar" placeholder="Komentar"></textarea><button type="submit">Kirim</button>'
            f'</form></div>')


def article(ctx: Ctx, entry: Entry) -> Response:
    a = entry.article
    photo = a.images[0] if a.images else None
    img = (f'<div class="post--img"><img src="{ctx.href(photo["url"])}" alt="{esc(a.title)}">'
           f'<p class="caption">Keterangan Gambar : {esc(photo["caption"])}</p></div>\n' if photo else "")
    body = paragraphs_html(a.body.split("\n\n"))
    tags = "".join(f'<li><a href="{ctx.href("/berita/tag/" + slugify(t))}">{esc(t)}</a></li>' for t in a.tags)
    url = quote(ctx.absolute(a.path), safe="")
    related = "".join(f'<li><a href="{ctx.href(r.article.path)}">{esc(r.article.title)}</a> '
                      f'<span class="date">{date_of(r.article)}</span></li>' for r in ctx.state.related(entry, 4))
    main = f"""<div class="post--item post--single pd--30-0">
<div class="post--info">
<ul class="nav meta"><li><span class="date">{date_of(a)}</span></li><li>{esc(a.author or "Admin")}</li><li>Dibaca {ctx.state.hits(entry)} kali</li></ul>
<div class="title"><h2 class="h4">{esc(a.title)}</h2></div>
</div>
<div class="post--content">
{img}{body}
</div>
</div>
<div class="post--tags"><ul class="nav"><li><span><i class="fa fa-tags"></i> Tags :</span></li>{tags}</ul></div>
<div class="post--social pbottom--30"><span class="title"><i class="fa fa-share-alt"></i> Bagikan</span><ul class="nav">
<li><a href="https://www.facebook.com/sharer/sharer.php?u={url}">Facebook</a></li><li><a href="https://twitter.com/intent/tweet?url={url}">Twitter</a></li><li><a href="https://api.whatsapp.com/send?text={url}">WhatsApp</a></li></ul></div>
<div class="post--related ptop--30"><h4>Berita Terkait</h4><ul class="nav">{related}</ul></div>
{comments(ctx, entry)}"""
    html = page(ctx, THEME, title=f"{a.title} - {THEME.name}", main=main, sidebar=sidebar(ctx),
                crumbs=[("Berita", "/berita"), (a.category, "/berita/kategori/" + slugify(a.category)), (a.title, None)])
    return Response(html, modified=last_modified(a))


def rss(ctx: Ctx) -> Response:
    items = "".join(
        f"<item><title>{esc(a.title)}</title><link>{esc(ctx.absolute(a.path))}</link>"
        f"<description>{esc(excerpt(a.body, 40))}</description><pubDate>{rfc822(when(a.published_at))}</pubDate>"
        f"<guid>{esc(ctx.absolute(a.path))}</guid></item>\n" for a in ctx.state.articles[:20])
    xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n<channel>\n<title>{esc(THEME.name)}</title>\n'
           f"<link>{ctx.absolute('/')}</link>\n<description>{esc(THEME.tagline)}</description>\n"
           f"<language>id</language>\n{items}</channel>\n</rss>\n")
    return Response(xml, content_type="application/rss+xml; charset=utf-8")


def offset_listing(ctx: Ctx, rest: str, base: str, entries, heading: str) -> Response | None:
    """'' or '/<offset>' after a listing's base path; anything else is no listing."""
    offset = rest.removeprefix("/") or "0"
    if not offset.isdigit():
        return None
    return listing(ctx, entries, int(offset), base, heading)


def term_listing(ctx: Ctx, path: str) -> Response | None:
    """/berita/kategori/<slug>[/<offset>] and /berita/tag/<slug>[/<offset>]."""
    state = ctx.state
    kinds = (("kategori", [c for c, _ in state.categories()], lambda a, v: a.category == v),
             ("tag", sorted({t for a in state.articles for t in a.tags}), lambda a, v: v in a.tags))
    for kind, values, has in kinds:
        for value in values:
            base = f"/berita/{kind}/{slugify(value)}"
            if path == base or path.startswith(base + "/"):
                entries = [e for e in state.entries if has(e.article, value)]
                return offset_listing(ctx, path.removeprefix(base), base, entries, value)
    return None


def route(ctx: Ctx, path: str, query: dict) -> Response:
    state = ctx.state
    if path == "/":
        return home(ctx)
    if path == "/rss.xml":
        return rss(ctx)
    if path in state.by_path:
        return article(ctx, state.by_path[path])
    found = None
    if path in ("/berita", "/berita/index") or path.startswith("/berita/index/"):
        found = offset_listing(ctx, path.removeprefix("/berita").removeprefix("/index"), "/berita/index",
                               state.entries, "Berita")
    elif path.startswith(("/berita/kategori/", "/berita/tag/")):
        found = term_listing(ctx, path)
    elif path in THEME.static_pages:
        found = static_page(ctx, THEME, THEME.static_pages[path], sidebar(ctx))
    return found or asset(ctx, THEME, path) or not_found(ctx, THEME, sidebar(ctx))
