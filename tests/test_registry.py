import pytest

from humas_crawler.crawl.registry import RegistryError, default_registry, load_registry
from humas_crawler.crawl.runner import project_settings, spider_names

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
