"""Each pipeline on its own, with a real crawler object (its extensions built from the project's
settings) and a real SQLite corpus."""

import pytest
from scrapy.exceptions import DropItem

from conftest import site_crawler
from humas_crawler.corpus import open_corpus
from humas_crawler.crawl.extensions import CrawlRunExtension
from humas_crawler.crawl.pipelines import DedupPipeline, ExtractPipeline, StorePipeline, ValidatePipeline
from humas_crawler.items import Article
from spiders.registry_sites import KaltimprovSpider

MIRROR = "http://127.0.0.1:9/kaltimprov"
PAGE = """<html><head><title>Gubernur Buka Rakor | Kaltimprov</title></head><body>
<div class="section-title">Kalimantan Timur</div>
<h1 class="judul-berita">Gubernur Buka Rakor Kehumasan</h1>
<div class="info-berita"><span class="tanggal">09 Agustus 2018 Jam 19:26:47</span> <span class="kategori">Sosial</span></div>
<div class="isi-berita"><p>SAMARINDA – Gubernur membuka rapat koordinasi kehumasan di Samarinda, Kamis (9/8/2018).</p>
<p>Rapat diikuti seluruh kabupaten dan kota se-Kaltim. (mar/hmsprov)</p>
<p>/////FOTO : Gubernur membuka rapat.(syaiful/humasprov)</p></div>
<div class="berita-terkait"><h4>Berita Terkait</h4><ul><li><a href="/kaltimprov/berita/x">Judul lain</a>
<div class="tgl">30 Desember 2019 Jam 12:05:47</div><div class="kat">Sosial</div></li></ul></div>
<div class="share">Bagikan: Facebook Twitter WhatsApp</div></body></html>"""


@pytest.fixture
def crawler(db_path):
    return site_crawler(KaltimprovSpider, db_path, MIRROR)


def page_item(path="/berita/gubernur-buka-rakor", html=PAGE):
    return Article(url=MIRROR + path, site="kaltimprov", html=html)


def run_through(crawler, item):
    for pipeline_class in (ExtractPipeline, ValidatePipeline, DedupPipeline):
        item = pipeline_class.from_crawler(crawler).process_item(item)
    return item


def test_extract_fills_fields_and_counts_noise(crawler):
    item = ExtractPipeline.from_crawler(crawler).process_item(page_item())
    assert item["title"] == "Gubernur Buka Rakor Kehumasan"
    assert item["published_at"] == "2018-08-09T19:26:47+08:00"
    assert item["canonical_url"] == "https://kaltimprov.go.id/berita/gubernur-buka-rakor"
    assert item["body"].endswith("(mar/hmsprov)")
    assert "Judul lain" not in item["body"] and "Bagikan" not in item["body"]
    assert item["images"][-1]["caption"] == "Gubernur membuka rapat.(syaiful/humasprov)"
    assert (item["reporter"], item["dateline"], item["category"]) == ("(mar/hmsprov)", "SAMARINDA", "Sosial")
    assert "html" not in item
    assert crawler.stats.get_value("clean/removed/photo_caption") == 1


@pytest.mark.parametrize("missing", ["title", "body", "published_at"])
def test_validate_drops_with_a_reason(crawler, missing):
    item = Article(url=MIRROR + "/berita/x", site="kaltimprov", title="T", body="B", published_at="2020-01-01T00:00:00+08:00")
    item[missing] = None
    with pytest.raises(DropItem, match=f"validate: .* has no {missing}"):
        ValidatePipeline.from_crawler(crawler).process_item(item)
    assert crawler.stats.get_value(f"validate/missing/{missing}") == 1


def store(crawler, item):
    StorePipeline.from_crawler(crawler).process_item(item)


def test_store_writes_a_row_in_the_run_the_extension_records(crawler, db_path):
    store(crawler, run_through(crawler, page_item()))
    crawler.stats.set_value("response_received_count", 1)
    crawler.stats.set_value("downloader/response_status_count/200", 1)
    CrawlRunExtension.of(crawler).spider_closed(crawler.spider, "finished")
    db = open_corpus(db_path)
    row = next(db.query("select * from articles"))
    assert row["title"] == "Gubernur Buka Rakor Kehumasan" and row["site"] == "kaltimprov"
    run = next(db.query("select * from crawl_runs"))
    assert (run["status"], run["new"], run["problem"]) == ("finished", 1, None)
    assert row["run_id"] == run["id"]
    assert row["fetched_at"] is None  # set by the spider when it fetches, not invented downstream
    assert db["sites"].get("kaltimprov")["timezone"] == "WITA"
    assert db["sites"].get("kaltimprov")["platform"] == KaltimprovSpider.entry.platform


def test_a_run_that_dropped_every_article_closes_unhealthy(crawler, db_path):
    crawler.stats.set_value("response_received_count", 4)
    crawler.stats.set_value("downloader/response_status_count/200", 4)
    crawler.stats.set_value("validate/dropped", 3)
    CrawlRunExtension.of(crawler).spider_closed(crawler.spider, "finished")
    run = next(open_corpus(db_path).query("select * from crawl_runs"))
    assert run["problem"] == "dropped all 3 articles it fetched (layout changed?)"


def test_dedup_same_url_and_same_text(crawler, db_path):
    store(crawler, run_through(crawler, page_item()))
    with pytest.raises(DropItem, match="already stored"):
        run_through(crawler, page_item())
    with pytest.raises(DropItem, match="repeats the text"):
        run_through(crawler, page_item(path="/berita/gubernur-buka-rakor-2"))
    db = open_corpus(db_path)
    assert db["articles"].count == 1
    assert db["aliases"].get("https://kaltimprov.go.id/berita/gubernur-buka-rakor-2")["reason"] == "same_text"
    assert crawler.stats.get_value("dedup/duplicate_url") == 1
    assert crawler.stats.get_value("dedup/duplicate_text") == 1


def test_wordpress_p_link_and_permalink_are_one_article(db_path):
    """A post fetched as ``/?p=ID`` is stored under its permalink (the page's rel=canonical), so
    the permalink is then known and not stored twice."""
    from pathlib import Path

    from spiders.registry_sites import DiskominfoKutimSpider

    html = (Path(__file__).parent / "fixtures" / "diskominfo_kutim" / "003.html").read_text(encoding="utf-8")
    permalink = html.split('<link rel="canonical" href="', 1)[1].split('"', 1)[0]
    base_url = permalink.split("/2023/", 1)[0]
    crawler = site_crawler(DiskominfoKutimSpider, db_path, base_url)
    item = run_through(crawler, Article(url=base_url + "/?p=1234", site="diskominfo_kutim", html=html))
    assert item["canonical_url"] == "https://diskominfo.kutaitimurkab.go.id" + permalink[len(base_url):]
    store(crawler, item)
    with pytest.raises(DropItem, match="already stored"):
        run_through(crawler, Article(url=permalink, site="diskominfo_kutim", html=html))


def test_cluster_links_a_syndicated_copy_to_the_original(db_path):
    """Seed 004: the NTT press release and Poros Nusantara's edited repost become one cluster whose
    origin is the earlier, .go.id copy; both stay in the corpus."""
    from pathlib import Path

    from humas_crawler.crawl.pipelines import ClusterPipeline
    from spiders.registry_sites import HumasNttSpider, PorosnusantaraSpider

    fixtures = Path(__file__).parent / "fixtures"
    for spider_class, page, path in (
        (HumasNttSpider, "humas_ntt/004-original.html", "/berita/detail/raker"),
        (PorosnusantaraSpider, "porosnusantara/004.html", "/2018/04/25/raker/"),
    ):
        crawler = site_crawler(spider_class, db_path, f"http://127.0.0.1:9/{spider_class.name}")
        html = (fixtures / page).read_text(encoding="utf-8")
        item = run_through(crawler, Article(url=crawler.spider.base_url + path, site=spider_class.name, html=html))
        store(crawler, item)  # sets item["article_id"]
        cluster = ClusterPipeline.from_crawler(crawler)
        cluster.open_spider()
        cluster.process_item(item)
    db = open_corpus(db_path)
    rows = list(db.query("select a.site, c.is_origin from clusters c join articles a on a.id = c.article_id order by a.site"))
    assert rows == [{"site": "humas_ntt", "is_origin": 1}, {"site": "porosnusantara", "is_origin": 0}]
    assert db["articles"].count == 2


@pytest.mark.parametrize("url, leaves", [
    ("https://kaltimprov.go.id/berita/x", False), ("https://www.kaltimprov.go.id/berita/x", False),
    ("http://127.0.0.1:9/kaltimprov/berita/x", False), ("https://evil.example/berita/x", True),
])
def test_requests_that_leave_the_site_are_dropped_redirects_included(crawler, url, leaves):
    """The spider's allowed_domains come from the site and the origin it fetches from: Scrapy's
    offsite filter then stops any request, a redirect's target included, that leaves them."""
    from scrapy import Request
    from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
    from scrapy.exceptions import IgnoreRequest

    middleware = OffsiteMiddleware.from_crawler(crawler)
    middleware.spider_opened(crawler.spider)
    request = Request(url)
    if leaves:
        with pytest.raises(IgnoreRequest):
            middleware.process_request(request)
    else:
        assert middleware.process_request(request) is None


LISTING_PAGE = "<html><head><title>Beranda</title></head><body><h1>Berita Terbaru</h1><ul>{}</ul></body></html>".format(
    "".join(f'<li><h3><a href="/kaltimprov/berita/b{i}">Berita nomor {i} tentang pembangunan daerah</a></h3>'
            f'<span>0{i % 9 + 1} Maret 2023</span></li>' for i in range(20)))


def test_a_listing_page_is_dropped_with_its_reason(crawler):
    """A home page of 20 dated headlines reached as an article is never stored as one."""
    with pytest.raises(DropItem, match=r"is a listing page, not an article \(listing: 20 headline links"):
        ExtractPipeline.from_crawler(crawler).process_item(page_item(path="/berita/beranda", html=LISTING_PAGE))
    assert crawler.stats.get_value("extract/listing_dropped") == 1


def test_an_api_post_holding_headlines_is_not_dropped(crawler):
    """A post from the WordPress API (its title given by the spider) is an article whatever it lists."""
    item = page_item(path="/berita/rekap", html=LISTING_PAGE)
    item["title"] = "Rekap Berita Sepekan"
    item = ExtractPipeline.from_crawler(crawler).process_item(item)
    assert item["extraction"]["page_kind"]["kind"] == "listing" and item["title"] == "Rekap Berita Sepekan"
    assert crawler.stats.get_value("extract/listing_dropped") is None
