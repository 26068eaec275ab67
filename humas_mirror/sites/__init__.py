"""The mirrored sites: each module renders one platform and exposes ``route(ctx, path, query)``."""

from humas_mirror.sites import (
    balikpapan, desa_swargabara, diskominfo_kaltim, diskominfo_kutim, humas_kupang, humas_ntt, kaltimprov,
    porosnusantara, seputarkaltim,
)

ROUTES = {
    "kaltimprov": kaltimprov.route,
    "diskominfo_kaltim": diskominfo_kaltim.route,
    "diskominfo_kutim": diskominfo_kutim.route,
    "humas_ntt": humas_ntt.route,
    "porosnusantara": porosnusantara.route,
    "seputarkaltim": seputarkaltim.route,
    "desa_swargabara": desa_swargabara.route,
    "balikpapan": balikpapan.route,
    "humas_kupang": humas_kupang.route,
}

# robots.txt per site: (disallowed, allowed, sitemap) as each platform ships them
ROBOTS = {
    "kaltimprov": (("/admin/", "/cari"), (), None),
    "diskominfo_kaltim": (("/admin/", "/login"), (), "/sitemap.xml"),
    "diskominfo_kutim": (("/wp-admin/",), ("/wp-admin/admin-ajax.php",), "/wp-sitemap.xml"),
    "humas_ntt": (("/adminweb/",), (), None),
    "porosnusantara": (("/wp-admin/",), ("/wp-admin/admin-ajax.php",), "/sitemap_index.xml"),
    "seputarkaltim": (("/wp-admin/",), ("/wp-admin/admin-ajax.php",), "/wp-sitemap.xml"),
    "desa_swargabara": (("/app/", "/desa/", "/donjo-app/", "/securimage/", "/storage/", "/vendor/"),
                        ("/desa/logo/favicon.ico",), None),
    "balikpapan": (("/admin/", "/login"), (), "/sitemap.xml"),
    "humas_kupang": (("/adminweb/",), (), None),
}
