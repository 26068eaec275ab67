"""`humas sites`: probing each kind of mirror site picks its platform and strategy, the entry it
writes is one the registry reads back, and user mistakes get one line, never a traceback."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib import import_module

import pytest
from click.testing import CliRunner

from conftest import ROOT
from humas_crawler.cli import main
from humas_mirror import ALL_SITES, catalog
from humas_mirror.sites.kaltimprov import PICKS_PATH
from humas_crawler.crawl.discovery import article_links
from humas_crawler.crawl.probe import Proposal, fetch, judge_samples, probe
from humas_crawler.crawl.registry import load_registry

# site -> (platform, discovery the probe must propose); None: no platform's hints on the home page
KINDS = {
    "seputarkaltim": ("wordpress", ["wp-api", "feed", "sitemap", "listing"]),
    "desa_swargabara": ("opensid", ["feed", "sitemap", "listing"]),
    "balikpapan": (None, ["sitemap"]),
    "humas_kupang": ("lokomedia", ["feed"]),
    "kaltimprov": (None, ["listing"]),
}


def fetch_text(url: str) -> str:
    status, body, _ = fetch(url)
    assert status == 200, url
    return body.decode("utf-8")


def humas(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture(scope="module", autouse=True)
def wide_console():
    """Rich wraps at 80 columns when not on a terminal; the assertions read whole lines."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(import_module("humas_crawler.cli.sites").console, "width", 200)
        yield


@pytest.fixture(scope="module")
def everything():
    return catalog(ALL_SITES)


@pytest.fixture(scope="module")
def added(mirror, tmp_path_factory):
    """Every kind of site added to one registry file: the file and each command's output."""
    registry = tmp_path_factory.mktemp("sites") / "sites.toml"
    registry.write_text("# test registry\n", encoding="utf-8")
    outputs = {site: humas("sites", "add", mirror.base_url(site), "--name", site, "--timezone", "WITA",
                           "--registry", str(registry), "--yes") for site in KINDS}
    return registry, outputs


@pytest.mark.parametrize("site", KINDS)
def test_add_picks_platform_and_strategy(mirror, everything, added, site):
    registry, outputs = added
    assert outputs[site].exit_code == 0, outputs[site].output
    entry = load_registry(registry)[site]
    platform, discovery = KINDS[site]
    assert (entry.platform, list(entry.discovery)) == (platform, discovery)
    assert entry.url == mirror.base_url(site) and entry.timezone == "WITA" and not entry.verified
    sampled = re.findall(r"^  title: (.+)$", outputs[site].output, re.MULTILINE)
    assert len(sampled) == 2 and set(sampled) <= {a.title for a in everything[site]}
    assert re.search(r"^Samples: 2 article\(s\), \d+ listing\(s\) of \d+ page\(s\) fetched$", outputs[site].output,
                     re.MULTILINE), outputs[site].output


def test_a_listing_at_an_article_s_address_is_rejected_by_its_page_kind(mirror, everything, added):
    """kaltimprov's home banner links the editors' picks at /berita/<slug>, an article's URL shape:
    the guessed pattern takes it, and it comes first among the home page's links; its page is a
    listing, so it is rejected with the reason and the two samples shown are articles."""
    registry, outputs = added
    picks = mirror.base_url("kaltimprov") + PICKS_PATH
    pattern = load_registry(registry)["kaltimprov"].article_pattern
    home = fetch_text(mirror.base_url("kaltimprov") + "/")
    assert article_links(home, mirror.base_url("kaltimprov") + "/", mirror.base_url("kaltimprov"), pattern)[0] == picks
    assert re.search(pattern, PICKS_PATH) and PICKS_PATH not in {a.path for a in everything["kaltimprov"]}
    output = outputs["kaltimprov"].output
    assert "Samples: 2 article(s), 1 listing(s) of 3 page(s) fetched" in output
    assert re.search(rf"^  rejected {re.escape(picks)}: listing: \d+ headline links", output, re.MULTILINE), output
    assert f"also matches 1 listing page(s), which the crawl drops by page kind: {picks}" in output
    assert f"Sample {picks}" not in output


def test_samples_that_are_no_articles_are_each_rejected_and_the_proposal_says_so(mirror):
    base = mirror.base_url("kaltimprov")
    proposal = Proposal(name="kaltimprov", url=base, article_pattern=r"^/berita/[^/?#]+/?$",
                        samples=[base + "/berita", base + PICKS_PATH, base + "/berita/tidak-ada-halaman-ini"])
    judge_samples(proposal)
    assert [(page.kind, page.reason.split(":")[0]) for page in proposal.pages] == \
        [("listing", "listing"), ("listing", "listing"), ("unreadable", "unreadable")]
    assert proposal.pages[2].reason == "unreadable: HTTP 404" and not proposal.articles
    assert proposal.notes[0] == "none of the 3 sampled pages is an article (2 listing, 1 unreadable)"
    assert proposal.notes[1].endswith(f"also matches 1 listing page(s), which the crawl drops by page kind: {base}{PICKS_PATH}")


def test_probe_judges_each_sample_it_fetched(mirror):
    proposal = probe(mirror.base_url("kaltimprov"))
    assert [page.kind for page in proposal.pages] == ["listing", "article", "article"]
    assert proposal.pages[0].reason.startswith("listing: ") and proposal.kind_counts() == {"article": 2, "listing": 1}
    assert all(page.html and page.final_url.startswith(mirror.base_url("kaltimprov")) for page in proposal.articles)


def test_add_writes_what_each_strategy_needs(added, everything):
    registry, _ = added
    entries = load_registry(registry)
    assert (entries["seputarkaltim"].feed, entries["seputarkaltim"].sitemap) == ("/feed/", "/wp-sitemap.xml")
    assert (entries["balikpapan"].sitemap, entries["humas_kupang"].feed) == ("/sitemap.xml", "/rss.xml")
    for site in ("desa_swargabara", "kaltimprov"):
        pattern = entries[site].article_pattern
        assert all(re.search(pattern, a.path) for a in everything[site]), pattern
    desa, kaltimprov = entries["desa_swargabara"].article_pattern, entries["kaltimprov"].article_pattern
    assert not [path for path in ("/index.php/first", "/index.php/artikel/kategori/berita-desa/2") if re.search(desa, path)]
    assert not [path for path in ("/berita", "/kategori/kesehatan", "/profil") if re.search(kaltimprov, path)]


def test_show_and_list_read_the_written_entries(mirror, added):
    registry, _ = added
    shown = humas("sites", "show", "desa_swargabara", "--registry", str(registry))
    assert shown.exit_code == 0
    assert re.search(r"^url\s+" + re.escape(mirror.base_url("desa_swargabara")) + "$", shown.output, re.MULTILINE)
    assert re.search(r"^platform\s+opensid$", shown.output, re.MULTILINE)
    assert re.search(r"^sitemap\s+/sitemap.xml$", shown.output, re.MULTILINE)
    listed = humas("sites", "list", "--registry", str(registry))
    assert listed.exit_code == 0 and all(site in listed.output for site in KINDS)


def test_check_reports_fill_rates_of_the_named_registry(mirror, added):
    registry, _ = added
    result = subprocess.run(
        [sys.executable, "-m", "humas_crawler", "sites", "check", "desa_swargabara", "--registry", str(registry),
         "--base-url", mirror.base_url("desa_swargabara"), "--pages", "5"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**{k: v for k, v in os.environ.items() if k != "HUMAS_REGISTRY"}, "COLUMNS": "200"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert re.search(r"desa_swargabara: fill\s+rates over \d+ articles", result.stdout), result.stdout
    for field in ("title", "body", "published_at"):
        assert re.search(rf"│ {field}\s+│\s+100% │", result.stdout), result.stdout


@pytest.mark.parametrize("args, message, code", [
    (["sites", "add", "http://127.0.0.1:9/portal"], "cannot reach http://127.0.0.1:9/portal/", 1),
    (["sites", "add", "ftp://example.go.id/"], "is not an http(s) URL", 2),
    (["sites", "show", "tidak_ada"], "no site named 'tidak_ada'", 2),
    (["sites", "check", "tidak_ada"], "no site named 'tidak_ada'", 2),
])
def test_mistakes_get_one_line(added, args, message, code):
    registry, _ = added
    result = humas(*args, "--registry", str(registry))
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert result.exit_code == code and len(errors) == 1 and message in errors[0], result.output
    assert "Traceback" not in result.output


def test_a_name_already_registered_is_refused(mirror, added):
    registry, _ = added
    before = registry.read_text(encoding="utf-8")
    result = humas("sites", "add", mirror.base_url("humas_kupang"), "--name", "humas_kupang", "--registry",
                   str(registry), "--yes")
    assert result.exit_code == 1 and result.output.splitlines()[-1] == f"Error: site humas_kupang is already in {registry}"
    assert registry.read_text(encoding="utf-8") == before
