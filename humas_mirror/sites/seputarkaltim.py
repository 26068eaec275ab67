"""seputarkaltim: a Kaltim agency news sub-site on WordPress whose REST API serves every post.

Same _s-based theme as diskominfo_kutim (its listing, single post and sidebar markup, with the
same "Baca Juga:" label), its own chrome; more than a hundred posts, so /wp-json/wp/v2/posts
needs two pages at per_page=100. ``MirrorServer(api_off={"seputarkaltim"})`` switches the API
off to test the HTML fallback.
"""

from __future__ import annotations

from functools import partial

from humas_mirror.chrome import Theme
from humas_mirror.sites import diskominfo_kutim as kutim
from humas_mirror.sites import wordpress as wp

THEME = Theme(
    name="Seputar Kaltim", tagline="Portal Berita Biro Administrasi Pimpinan Setda Provinsi Kalimantan Timur",
    logo="/wp-content/uploads/2020/01/logo-seputar-kaltim.png",
    address="Jl. Gajah Mada No. 2, Samarinda, Kalimantan Timur 75121", phone="(0541) 733333",
    email="redaksi@seputarkaltim.kaltimprov.go.id",
    nav=(("Beranda", "/"), ("Profil", "/profil/"), ("Berita", "/category/daerah/"), ("Galeri", "/galeri/"),
         ("PPID", "/ppid/"), ("Kontak", "/kontak/")),
    category_menu="/category/{slug}/",
    body_class="wp-theme-seputar", assets=("/wp-content/themes/seputar/style.css", "/wp-includes/js/jquery/jquery.min.js"))

WP = wp.WPTheme(chrome=THEME, listing=kutim.listing, single=kutim.single, sidebar=kutim.sidebar, sitemaps="core",
                baca_juga="Baca Juga:")
route = partial(wp.route, WP)
