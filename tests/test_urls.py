"""canonicalize_url: one case group per rule."""

import pytest

from humas_crawler.crawl.urls import canonicalize_url

CASES = {
    "tracking parameters": [
        ("https://kupangkab.go.id/berita/a?utm_source=facebook&utm_medium=social&utm_campaign=x",
         "https://kupangkab.go.id/berita/a"),
        ("https://kupangkab.go.id/berita/a?fbclid=IwAR0abc", "https://kupangkab.go.id/berita/a"),
        ("https://kupangkab.go.id/berita/a?gclid=1&id=7&msclkid=2&igshid=3", "https://kupangkab.go.id/berita/a?id=7"),
        ("https://kupangkab.go.id/berita/a?UTM_Source=wa", "https://kupangkab.go.id/berita/a"),
    ],
    "fragment": [
        ("https://kupangkab.go.id/berita/a#komentar", "https://kupangkab.go.id/berita/a"),
        ("https://kupangkab.go.id/berita/a?id=3#top", "https://kupangkab.go.id/berita/a?id=3"),
    ],
    "default ports": [
        ("http://kupangkab.go.id:80/berita/a", "http://kupangkab.go.id/berita/a"),
        ("https://kupangkab.go.id:443/berita/a", "https://kupangkab.go.id/berita/a"),
        ("https://kupangkab.go.id:8443/berita/a", "https://kupangkab.go.id:8443/berita/a"),
        ("http://kupangkab.go.id:443/berita/a", "http://kupangkab.go.id:443/berita/a"),
    ],
    "case of scheme and host": [
        ("HTTPS://KupangKab.GO.ID/Berita/Bupati-Kupang", "https://kupangkab.go.id/Berita/Bupati-Kupang"),
        ("https://WWW.Kupangkab.go.id/berita/a", "https://www.kupangkab.go.id/berita/a"),
    ],
    "amp variants": [
        ("https://porosnusantara.co.id/2023/05/13/panen-jagung/amp/", "https://porosnusantara.co.id/2023/05/13/panen-jagung/"),
        ("https://porosnusantara.co.id/2023/05/13/panen-jagung/amp", "https://porosnusantara.co.id/2023/05/13/panen-jagung"),
        ("https://porosnusantara.co.id/amp/2023/05/13/panen-jagung", "https://porosnusantara.co.id/2023/05/13/panen-jagung"),
        ("https://timorekspres.id/daerah/panen-jagung?amp=1", "https://timorekspres.id/daerah/panen-jagung"),
        ("https://timorekspres.id/daerah/panen-jagung?amp", "https://timorekspres.id/daerah/panen-jagung"),
        ("https://timorekspres.id/daerah/panen-jagung?outputType=amp", "https://timorekspres.id/daerah/panen-jagung"),
        ("https://amp.timorekspres.id/daerah/panen-jagung", "https://timorekspres.id/daerah/panen-jagung"),
        ("https://timorekspres.id/daerah/ampera-baru", "https://timorekspres.id/daerah/ampera-baru"),
        ("https://timorekspres.id/daerah/a?outputType=json", "https://timorekspres.id/daerah/a?outputType=json"),
    ],
    "mobile host": [
        ("https://m.kupangkab.go.id/berita/a", "https://kupangkab.go.id/berita/a"),
        ("https://M.Kupangkab.go.id/berita/a", "https://kupangkab.go.id/berita/a"),
        ("https://m.id/berita/a", "https://m.id/berita/a"),
        ("https://mabar.go.id/berita/a", "https://mabar.go.id/berita/a"),
    ],
    "index.php prefix": [
        ("https://sikkakab.go.id/index.php/berita/pemkab-sikka", "https://sikkakab.go.id/berita/pemkab-sikka"),
        ("https://sikkakab.go.id/index.php?option=com_content&view=article&id=5",
         "https://sikkakab.go.id/index.php?id=5&option=com_content&view=article"),
        ("https://sikkakab.go.id/portal/index.php/berita", "https://sikkakab.go.id/portal/index.php/berita"),
    ],
    "query order": [
        ("https://belukab.go.id/berita?page=2&id=17", "https://belukab.go.id/berita?id=17&page=2"),
        ("https://belukab.go.id/berita?b=&a=1", "https://belukab.go.id/berita?a=1&b="),
    ],
    "trailing slash kept as given": [
        ("https://belukab.go.id/berita/rakor-stunting/", "https://belukab.go.id/berita/rakor-stunting/"),
        ("https://belukab.go.id/berita/rakor-stunting", "https://belukab.go.id/berita/rakor-stunting"),
        ("https://belukab.go.id", "https://belukab.go.id/"),
    ],
    "wordpress ?p= is meaningful": [
        ("https://ttskab.go.id/?p=1234&utm_source=wa", "https://ttskab.go.id/?p=1234"),
        ("https://ttskab.go.id/?p=1234", "https://ttskab.go.id/?p=1234"),
    ],
    "percent-encoding": [
        ("https://endekab.go.id/berita/banjir bandang", "https://endekab.go.id/berita/banjir%20bandang"),
        ("https://endekab.go.id/berita/%7Ebanjir", "https://endekab.go.id/berita/~banjir"),
    ],
    "credentials dropped": [
        ("https://user:secret@endekab.go.id/berita/a", "https://endekab.go.id/berita/a"),
    ],
    "other schemes untouched": [
        ("mailto:humas@kupangkab.go.id", "mailto:humas@kupangkab.go.id"),
        ("ftp://Kupangkab.go.id/file?utm_source=x", "ftp://Kupangkab.go.id/file?utm_source=x"),
        ("javascript:void(0)", "javascript:void(0)"),
    ],
}


@pytest.mark.parametrize(
    "url, expected",
    [pytest.param(url, expected, id=f"{rule}: {url}") for rule, cases in CASES.items() for url, expected in cases],
)
def test_canonicalize_url(url, expected):
    assert canonicalize_url(url) == expected


@pytest.mark.parametrize("url", [expected for cases in CASES.values() for _, expected in cases])
def test_canonical_form_is_a_fixed_point(url):
    assert canonicalize_url(url) == url


def test_combined_rules():
    url = "HTTP://M.Sikkakab.GO.ID:80/index.php/berita/bibit-padi/amp/?utm_source=fb&id=9&amp=1&a=2#top"
    assert canonicalize_url(url) == "http://sikkakab.go.id/berita/bibit-padi/?a=2&id=9"
