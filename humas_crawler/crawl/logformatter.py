"""Log lines for dropped items: the reason only, at INFO (a duplicate is routine, not a warning)."""

import logging

from scrapy import logformatter


class HumasLogFormatter(logformatter.LogFormatter):
    def dropped(self, item, exception, response, spider=None):
        return {"level": logging.INFO, "msg": "Dropped: %(exception)s", "args": {"exception": exception}}
