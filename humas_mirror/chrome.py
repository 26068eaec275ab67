"""Page chrome shared by the five sites: skeleton, header, menu, breadcrumb, sidebar, footer,
static pages, 404s and static assets. Each site passes its :class:`Theme` and its main column.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from datetime import datetime

from humas_mirror.fmt import esc, slugify
from humas_mirror.state import SiteState

FOOTER_YEAR = 2024  # fixed: the mirror never reads the clock


@dataclass
class Response:
    body: str | bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    modified: datetime | None = None


@dataclass(frozen=True)
class Ctx:
    """What a page needs to know about the request: the site state and the Host it came in on."""

    state: SiteState
    host: str

    @property
    def site(self) -> str:
        return self.state.site

    @property
    def prefix(self) -> str:
        return f"/{self.state.site}"

    def href(self, path: str) -> str:
        """Root-relative link with the site prefix, as every link in the mirror is."""
        return self.prefix + path

    def absolute(self, path: str) -> str:
        return f"http://{self.host}{self.prefix}{path}"


@dataclass(frozen=True)
class Theme:
    name: str
    tagline: str
    logo: str
    address: str
    phone: str
    email: str
    nav: tuple[tuple[str, str], ...]          # (label, site path); Profil/Galeri/PPID/Kontak are static pages
    body_class: str
    assets: tuple[str, ...]                   # site paths of the stylesheet and script
    socials: tuple[str, ...] = ("facebook", "instagram", "youtube")
    category_menu: str | None = None          # path pattern of category pages listed under "Berita"

    @property
    def static_pages(self) -> dict[str, str]:
        return {path: label for label, path in self.nav if label in STATIC_TEXT}


STATIC_TEXT = {
    "Profil": ("{name} merupakan unsur pelaksana urusan pemerintahan di bidang komunikasi, informasi dan "
               "kehumasan. Tugas pokoknya menyebarluaskan informasi pembangunan daerah kepada masyarakat "
               "serta mendokumentasikan kegiatan pimpinan daerah."),
    "PPID": ("Pejabat Pengelola Informasi dan Dokumentasi (PPID) {name} melayani permohonan informasi publik "
             "sesuai Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik. Permohonan dapat "
             "diajukan langsung ke meja layanan atau melalui surat elektronik."),
    "Kontak": "Silakan menghubungi kami pada jam kerja, Senin sampai Jumat pukul 08.00-16.00 WITA.",
    "Galeri": "Dokumentasi foto kegiatan terbaru.",
}


def page(ctx: Ctx, theme: Theme, *, title: str, main: str, crumbs=(), sidebar: str = "", head: str = "",
         body_class: str = "") -> str:
    """A full HTML document around a site's main column."""
    css = "".join(f'<link rel="stylesheet" href="{ctx.href(a)}" type="text/css" media="all">\n'
                  for a in theme.assets if a.endswith(".css"))
    js = "".join(f'<script src="{ctx.href(a)}"></script>\n' for a in theme.assets if a.endswith(".js"))
    return f"""<!DOCTYPE html>
<html lang="id-ID">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
{head}{css}<link rel="icon" href="{ctx.href(theme.logo)}">
</head>
<body class="{theme.body_class} {body_class}">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Langsung ke konten</a>
{header(ctx, theme)}
<div id="content" class="site-content container">
{breadcrumb(ctx, crumbs)}<div class="row">
<div id="primary" class="content-area col-md-8"><main id="main" class="site-main">
{main}
</main></div>
<aside id="secondary" class="widget-area sidebar col-md-4">
{sidebar}
</aside>
</div>
</div>
{footer(ctx, theme)}
</div>
{js}</body>
</html>
"""


def header(ctx: Ctx, theme: Theme) -> str:
    items = []
    for label, path in theme.nav:
        sub = ""
        if label == "Berita" and theme.category_menu:
            sub = '<ul class="sub-menu">' + "".join(
                f'<li class="menu-item"><a href="{ctx.href(theme.category_menu.format(slug=slugify(c)))}">{esc(c)}</a></li>'
                for c, _ in ctx.state.categories()) + "</ul>"
        items.append(f'<li class="menu-item"><a href="{ctx.href(path)}">{esc(label)}</a>{sub}</li>')
    socials = "".join(f'<a class="social-{s}" href="https://www.{s}.com/{ctx.site}" target="_blank" rel="noopener">'
                      f'{s.title()}</a> ' for s in theme.socials)
    return f"""<header id="masthead" class="site-header">
<div class="topbar"><div class="container"><span class="topbar-contact">{esc(theme.phone)} | {esc(theme.email)}</span>
<span class="topbar-social">{socials}</span></div></div>
<div class="site-branding container">
<a href="{ctx.href('/')}" class="custom-logo-link" rel="home"><img src="{ctx.href(theme.logo)}" class="custom-logo" alt="{esc(theme.name)}" width="72" height="72"></a>
<p class="site-title"><a href="{ctx.href('/')}" rel="home">{esc(theme.name)}</a></p>
<p class="site-description">{esc(theme.tagline)}</p>
</div>
<nav id="site-navigation" class="main-navigation navbar" aria-label="Menu Utama">
<button class="menu-toggle" aria-controls="primary-menu" aria-expanded="false">Menu</button>
<ul id="primary-menu" class="menu nav-menu">{''.join(items)}</ul>
</nav>
</header>"""


def breadcrumb(ctx: Ctx, crumbs) -> str:
    """'Beranda › Berita › Judul'; the last crumb is plain text."""
    if not crumbs:
        return ""
    parts = [f'<li class="breadcrumb-item"><a href="{ctx.href("/")}">Beranda</a></li>']
    for label, path in crumbs:
        parts.append(f'<li class="breadcrumb-item"><a href="{ctx.href(path)}">{esc(label)}</a></li>' if path
                     else f'<li class="breadcrumb-item active" aria-current="page">{esc(label)}</li>')
    return f'<nav class="breadcrumb-wrap" aria-label="breadcrumb"><ol class="breadcrumb">{"".join(parts)}</ol></nav>\n'


def footer(ctx: Ctx, theme: Theme) -> str:
    links = "".join(f'<li><a href="{ctx.href(p)}">{esc(lab)}</a></li>' for lab, p in theme.nav)
    return f"""<footer id="colophon" class="site-footer">
<div class="footer-widgets container"><div class="row">
<div class="col-md-6 footer-alamat"><h4>Alamat</h4><p>{esc(theme.address)}</p>
<p>Telepon: {esc(theme.phone)}<br>Email: {esc(theme.email)}</p></div>
<div class="col-md-6 footer-menu"><h4>Tautan</h4><ul>{links}</ul></div>
</div></div>
<div class="site-info">&copy; {FOOTER_YEAR} {esc(theme.name)}. Hak Cipta Dilindungi.</div>
</footer>"""


def widget(title: str, inner: str, cls: str = "") -> str:
    return f'<section class="widget {cls}"><h3 class="widget-title">{esc(title)}</h3>{inner}</section>\n'


def entry_list(ctx: Ctx, entries, date_text, cls: str, with_category: bool = False) -> str:
    """A sidebar list of article links, each with its date (and category)."""
    items = []
    for e in entries:
        a = e.article
        cat = f' <span class="cat">{esc(a.category)}</span>' if with_category and a.category else ""
        items.append(f'<li><a href="{ctx.href(a.path)}">{esc(a.title)}</a> '
                     f'<span class="date">{esc(date_text(a))}</span>{cat}</li>')
    return f'<ul class="{cls}">{"".join(items)}</ul>'


def static_page(ctx: Ctx, theme: Theme, label: str, sidebar: str) -> Response:
    """Profil / Galeri / PPID / Kontak."""
    text = STATIC_TEXT[label].format(name=theme.name)
    extra = ""
    if label == "Galeri":
        photos = [(e.article, img) for e in ctx.state.entries for img in e.article.images][:12]
        extra = '<div class="gallery">' + "".join(
            f'<figure class="gallery-item"><a href="{ctx.href(a.path)}"><img src="{ctx.href(img["url"])}" '
            f'alt="{esc(img["caption"] or a.title)}"></a></figure>' for a, img in photos) + "</div>"
    elif label == "Kontak":
        extra = (f'<p>{esc(theme.address)}</p><p>Telepon: {esc(theme.phone)}<br>Email: {esc(theme.email)}</p>'
                 '<form class="contact-form" method="post"><input type="text" name="nama" placeholder="Nama">'
                 '<textarea name="pesan" placeholder="Pesan"></textarea><button type="submit">Kirim</button></form>')
    main = (f'<article class="page"><h1 class="page-title">{esc(label)}</h1>'
            f'<div class="page-content"><p>{esc(text)}</p>{extra}</div></article>')
    return Response(page(ctx, theme, title=f"{label} - {theme.name}", main=main, crumbs=[(label, None)],
                         sidebar=sidebar, body_class="page"))


def not_found(ctx: Ctx, theme: Theme, sidebar: str = "") -> Response:
    main = (f'<section class="error-404 not-found"><header class="page-header"><h1 class="page-title">'
            f'Halaman Tidak Ditemukan</h1></header><div class="page-content"><p>Maaf, halaman yang Anda cari '
            f'tidak tersedia atau telah dipindahkan.</p><p><a href="{ctx.href("/")}">Kembali ke Beranda</a></p>'
            f'</div></section>')
    return Response(page(ctx, theme, title=f"Halaman tidak ditemukan - {theme.name}", main=main,
                         sidebar=sidebar, body_class="error404"), status=404)


# ---- static files ------------------------------------------------------------------------------

def _png() -> bytes:
    """A valid 1x1 PNG (for logos), built with the standard library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x1e\x5a\x8c")) + chunk(b"IEND", b""))


# A 1x1 grey baseline JPEG: one-code Huffman tables, one block with DC 0 and EOB.
JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000"
    "ffdb004300" + "01" * 64
    + "ffc0000b080001000101011100"
    "ffc4001400" + "01" + "00" * 15 + "00"
    "ffc4001410" + "01" + "00" * 15 + "00"
    "ffda0008010100003f00" "3f" "ffd9")
PNG = _png()
ASSET_TEXT = {".css": ("text/css; charset=utf-8", "/* mirror stylesheet */\nbody{font-family:sans-serif}\n"),
              ".js": ("application/javascript; charset=utf-8", "/* mirror script */\n")}


def asset(ctx: Ctx, theme: Theme, path: str) -> Response | None:
    """Logo, theme files and article images; anything else is not a file here."""
    if path == theme.logo:
        return Response(PNG, content_type="image/png")
    if path in theme.assets:
        kind, text = ASSET_TEXT[path[path.rindex("."):]]
        return Response(text, content_type=kind)
    if any(img["url"] == path for a in ctx.state.articles for img in a.images):
        return Response(JPEG, content_type="image/jpeg")
    return None


# ---- paging ------------------------------------------------------------------------------------

def page_count(total: int, per_page: int) -> int:
    return max(1, -(-total // per_page))


def page_slice(items, page: int, per_page: int):
    return items[(page - 1) * per_page:page * per_page]


def page_window(current: int, last: int, end: int = 1, mid: int = 2) -> list[int | None]:
    """Page numbers as WordPress's paginate_links shows them; None is an ellipsis."""
    shown, out = set(range(1, end + 1)) | set(range(last - end + 1, last + 1)) | set(
        range(current - mid, current + mid + 1)), []
    for n in range(1, last + 1):
        if n in shown:
            out.append(n)
        elif out and out[-1] is not None:
            out.append(None)
    return out


def int_param(query: dict, name: str, default: int = 1) -> int:
    """A positive integer query parameter; junk falls back to the default as lenient CMSs do."""
    try:
        value = int(query.get(name, [default])[0])
    except ValueError:
        return default
    return value if value >= 1 else default
