"""Per-site knowledge: the registry (sites.toml), a shared base spider and small site spiders."""
