from humas_crawler.corpus.store import *  # noqa: F401,F403  (temporary during the move)
from humas_crawler.corpus.store import _row  # noqa: F401
