"""What happens to real sites between two nights, done to a served site's HTML: a hack that
injects gambling spam into its articles, and a new theme (:meth:`MirrorServer.inject_spam`,
:meth:`MirrorServer.relayout`). Both rewrite what a site module rendered, so the site modules,
and the mirror's output for a site left alone, stay exactly as they are.
"""

from __future__ import annotations

import re

from humas_mirror.chrome import Ctx
from humas_mirror.content import MirrorArticle
from humas_mirror.fmt import esc

# The links a hacked .go.id page carries (to gambling sites on other hosts), as their injectors
# write them; ``SPAM_WORDS`` are the words a body must never show.
SPAM_LINKS = (
    ("https://slot-gacor88.example/", "Slot Gacor Maxwin Hari Ini"),
    ("https://togel-online.example/daftar", "Bandar Togel Online Terpercaya"),
    ("https://situs-toto.example/", "Situs Toto 4D"),
    ("https://judi-slot.example/rtp", "RTP Live Slot Gacor"),
    ("https://maxwin-zeus.example/", "Slot Zeus Maxwin"),
)
SPAM_WORDS = ("slot", "gacor", "maxwin", "togel", "toto", "judi")
# After a theme change every class name is another ("tema-" before the old one) and article links
# read /baca/<post id> instead of the CMS's old paths (which still answer).
NEW_CLASS = "tema-{}"
MOVED_ARTICLE = "/baca/{}"
MOVED_ARTICLE_RE = re.compile(r"^/baca/(\d+)$")
CLASS_RE = re.compile(r'(?<=\sclass=")[^"]*(?=")')
HREF_RE = re.compile(r'(?<=\shref=")[^"]*(?=")')


def spam_block(hidden: bool) -> str:
    """The injected links: in a display:none block (shown to search engines, not to readers), or a
    visible paragraph of them."""
    links = " ".join(f'<a href="{href}">{esc(text)}</a>' for href, text in SPAM_LINKS)
    return f'<div style="display:none">{links}</div>' if hidden else f"<p>{links}</p>"


def with_spam(html: str, article: MirrorArticle, hidden: bool) -> str:
    """The article's page with the spam inside its body, where an injection into the post's content
    puts it: a hidden block after the first paragraph, a visible one after the last."""
    paragraphs = article.body.split("\n\n")
    anchor = f"<p>{esc(paragraphs[0] if hidden else paragraphs[-1])}</p>"
    return html.replace(anchor, anchor + spam_block(hidden), 1)


def relayout(html: str, ctx: Ctx) -> str:
    """The page in the new theme: other class names, article links in the new shape."""
    moved = {ctx.href(path): ctx.href(MOVED_ARTICLE.format(post_id)) for path, post_id in ctx.state.post_ids.items()}
    html = CLASS_RE.sub(lambda match: " ".join(NEW_CLASS.format(name) for name in match.group().split()), html)
    return HREF_RE.sub(lambda match: moved.get(match.group(), match.group()), html)


def article_path(ctx: Ctx, path: str) -> str:
    """The CMS path behind a new-theme article link (/baca/<post id>); any other path as it is."""
    match = MOVED_ARTICLE_RE.match(path)
    entry = ctx.state.by_id.get(int(match.group(1))) if match else None
    return entry.article.path if entry else path
