"""URL canonicalization: one spelling per article URL, so the same page fetched via
tracking links, AMP or mobile mirrors is recognised as already stored.

What this module cannot know alone: WordPress serves a post both as ``?p=123`` and as its
pretty permalink. ``p`` is kept as a meaningful parameter here; the pipeline merges the two
through the page's ``rel=canonical`` (stored as the article's canonical_url, the other
spelling as an alias).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url as w3lib_canonicalize_url

DEFAULT_PORTS = {"http": 80, "https": 443}

# Hosts that mirror the bare host: mobile and AMP editions.
MIRROR_HOST_PREFIXES = ("m.", "amp.")

# Query parameters that identify a visit or a campaign, never an article.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid",
        "twclid", "ttclid", "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "ref_src",
    }
)
TRACKING_PREFIXES = ("utm_",)
# Parameters asking for the AMP rendering of the same article: ``?amp``, ``?amp=1``,
# ``?outputType=amp`` (Indonesian news CMSs).
AMP_PARAM = "amp"
AMP_OUTPUT_PARAM = "outputtype"

AMP_SUFFIX = re.compile(r"/amp(/?)$")
AMP_PREFIX = "/amp/"
INDEX_PHP_PREFIX = "/index.php/"


def canonicalize_url(url: str) -> str:
    """The canonical spelling of an http(s) article URL; other schemes come back unchanged.

    Lowercases scheme and host, drops default ports, credentials, the fragment, tracking and
    AMP parameters, maps ``m.``/``amp.`` hosts to the bare host, removes AMP path variants and
    a leading ``/index.php/``, sorts the remaining query parameters and normalizes
    percent-encoding. ``www.`` and a trailing slash are kept as given: sites serve both
    spellings inconsistently and either may be the one ``rel=canonical`` names.
    """
    url = url.strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return url
    netloc = canonical_netloc(scheme, parts.hostname, parts.port)
    path = strip_amp_path(strip_index_php(parts.path)) or "/"
    query = meaningful_query(parts.query)
    return w3lib_canonicalize_url(urlunsplit((scheme, netloc, path, query, "")))


def canonical_netloc(scheme: str, hostname: str, port: int | None) -> str:
    """Lowercased host without mirror prefix, with the port only when it is not the default."""
    host = strip_mirror_host(hostname.lower().rstrip("."))
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port is not None and port != DEFAULT_PORTS[scheme]:
        return f"{host}:{port}"
    return host


def strip_mirror_host(host: str) -> str:
    for prefix in MIRROR_HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            return host[len(prefix):]
    return host


def strip_index_php(path: str) -> str:
    """``/index.php/berita/x`` -> ``/berita/x`` (Joomla and CodeIgniter without URL rewriting)."""
    if path.startswith(INDEX_PHP_PREFIX):
        return "/" + path[len(INDEX_PHP_PREFIX):]
    return path


def strip_amp_path(path: str) -> str:
    """``/berita/x/amp/`` -> ``/berita/x/`` and ``/amp/berita/x`` -> ``/berita/x``."""
    if path.startswith(AMP_PREFIX):
        path = "/" + path[len(AMP_PREFIX):]
    return AMP_SUFFIX.sub(r"\1", path)


def meaningful_query(query: str) -> str:
    """The query without tracking and AMP parameters, blank values kept (``?preview``)."""
    pairs = [
        (key, value)
        for key, value in parse_qsl(query, keep_blank_values=True)
        if not is_droppable_param(key.lower(), value)
    ]
    return urlencode(pairs)


def is_droppable_param(key: str, value: str) -> bool:
    if key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES) or key == AMP_PARAM:
        return True
    return key == AMP_OUTPUT_PARAM and value.lower() == AMP_PARAM
