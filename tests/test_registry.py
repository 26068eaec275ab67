import pytest

from humas_crawler.crawl.registry import RegistryError, SiteEntry, crawlable, default_registry, load_registry
from humas_crawler.crawl.runner import project_settings, spider_names
from humas_crawler.extraction.platforms import PLATFORMS, platform

SEED_SITES = {"kaltimprov", "diskominfo_kaltim", "diskominfo_kutim", "humas_ntt", "porosnusantara"}


def test_seed_sites_are_registered_with_real_urls():
    registry = default_registry()
    assert SEED_SITES <= set(registry)
    assert registry["kaltimprov"].url == "https://kaltimprov.go.id"
    assert all(registry[name].timezone == "WITA" for name in SEED_SITES)


def test_every_enabled_entry_is_a_spider(tmp_path):
    names = spider_names(project_settings(tmp_path / "c.db"))
    enabled = {name for name, entry in default_registry().items() if entry.enabled}
    assert enabled == set(names)


@pytest.mark.parametrize(
    "entry, message",
    [
        ('name = "x"\nurl = "ftp://x"', "not an http"),
        ('name = "X Y"\nurl = "https://x.go.id"', "lower-case"),
        ('name = "x"\nurl = "https://x.go.id"\ntimezone = "UTC"', "timezone"),
        ('name = "x"\nurl = "https://x.go.id"\ndiscovery = ["magic"]', "unknown discovery"),
        ('name = "x"\nurl = "https://x.go.id"\narticle_pattern = "(["', "bad article_pattern"),
        ('name = "x"\nurl = "https://x.go.id"\ncolour = "red"', "unknown key"),
    ],
)
def test_broken_entries_are_named(tmp_path, entry, message):
    path = tmp_path / "sites.toml"
    path.write_text(f"[[site]]\n{entry}\n")
    with pytest.raises(RegistryError, match=message):
        load_registry(path)


def test_duplicate_names_are_refused(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text('[[site]]\nname = "x"\nurl = "https://x.go.id"\n' * 2)
    with pytest.raises(RegistryError, match="twice"):
        load_registry(path)


def registry_file(tmp_path, entry: str):
    path = tmp_path / "sites.toml"
    path.write_text(f'[[site]]\nname = "foo"\nurl = "https://foo.go.id"\n{entry}\n')
    return path


@pytest.mark.parametrize("entry, message", [
    ('platform = "laravell"', "site foo: unknown platform 'laravell'; known: wordpress, opensid, "),
    ('kind = "regency"', "site foo: unknown key(s) kind"),
    ('colour = "red"', "site foo: unknown key(s) colour"),
])
def test_errors_name_the_file_and_the_entry(tmp_path, entry, message):
    path = registry_file(tmp_path, entry)
    with pytest.raises(RegistryError) as error:
        load_registry(path)
    assert str(error.value).startswith(f"{path}: {message}")
    assert "\n" not in str(error.value)


def test_platform_defaults_come_from_the_platform_table(tmp_path):
    entry = load_registry(registry_file(tmp_path, 'platform = "opensid"\nfeed = "/rss"'))["foo"]
    opensid = platform("opensid").defaults
    assert (entry.discovery, entry.sitemap, entry.article_pattern) == (
        opensid["discovery"], opensid["sitemap"], opensid["article_pattern"])
    assert entry.feed == "/rss", "the entry's own keys win"
    assert entry.selectors == {}, "platform selectors are the platform layer's, not the site's"


def test_an_entry_without_platform_leaves_it_to_the_pages(tmp_path):
    entry = load_registry(registry_file(tmp_path, ""))["foo"]
    assert (entry.platform, entry.discovery) == (None, ("listing",))


def test_every_registered_platform_is_known():
    assert {entry.platform for entry in default_registry().values()} <= {None, *PLATFORMS}


def entry(name: str, **values) -> SiteEntry:
    return SiteEntry(name=name, url=f"https://{name}.go.id", **values)


@pytest.mark.parametrize("include_unverified, expected", [(False, ["checked"]), (True, ["checked", "unchecked"])])
def test_crawlable_entries_are_enabled_and_verified(include_unverified, expected):
    entries = [entry("checked", verified=True), entry("unchecked"), entry("off", verified=True, enabled=False),
               entry("off_unchecked", enabled=False)]
    assert [e.name for e in crawlable(entries, include_unverified)] == expected
