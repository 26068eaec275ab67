"""Log lines: dropped items at INFO (Scrapy's LOG_FORMATTER), and the line format of ``humas crawl``'s
logs, which cron mails and log files keep: one timestamped line per record, naming its run."""

import logging
import os
from datetime import datetime

from scrapy import logformatter


class HumasLogFormatter(logformatter.LogFormatter):
    """Dropped items: the reason only, at INFO (a duplicate is routine, not a warning)."""

    def dropped(self, item, exception, response, spider=None):
        return {"level": logging.INFO, "msg": "Dropped: %(exception)s", "args": {"exception": exception}}


class CronFormatter(logging.Formatter):
    """``2026-12-01T02:15:03+00:00 kaltimprov run 12 WARNING: message``.

    Every line starts with an ISO timestamp (local time with its offset) and the record's
    :func:`label`, so a log appended to night after night can be grepped by date, site or run; the
    level is written when it is not INFO. A record's exception is one line (its type, and its text
    when the message does not already say it): a refused connection is routine at night and its
    Twisted traceback says nothing more. ``tracebacks`` (``--verbose``) writes the traceback,
    each of its lines behind the same timestamp and label.
    """

    def __init__(self, tracebacks: bool = False):
        super().__init__()
        self.tracebacks = tracebacks

    def format(self, record: logging.LogRecord) -> str:
        when = datetime.fromtimestamp(record.created).astimezone().isoformat(timespec="seconds")
        level = "" if record.levelno == logging.INFO else f" {record.levelname}"
        head = f"{when} {label(record)}{level}: "
        lines = self.message_lines(record)
        return "\n".join([head + lines[0], *(f"{head}  {line}" for line in lines[1:])])

    def message_lines(self, record: logging.LogRecord) -> list[str]:
        """The message's lines (Scrapy's stats dump has many), then the exception."""
        lines = record.getMessage().splitlines() or [""]
        if record.exc_info and record.exc_info[1] is not None:
            if self.tracebacks:
                lines += self.formatException(record.exc_info).splitlines()
            else:
                lines[-1] += f" [{exception_summary(record.exc_info[1], record.getMessage())}]"
        return lines


def exception_summary(exc: BaseException, message: str) -> str:
    """``DownloadConnectionRefusedError`` when ``message`` already quotes the exception's text,
    else ``Type: text``."""
    text = str(exc)
    return type(exc).__name__ if not text or text in message else f"{type(exc).__name__}: {text}"


def label(record: logging.LogRecord) -> str:
    """Who a record is about: ``<spider> run <id>`` (``record.spider`` is a spider or its name,
    ``record.run_id`` its crawl_runs row), the spider alone before its run is open, and
    ``humas[<pid>]`` for a line about the whole command (two crawls may append to one log)."""
    spider = getattr(record, "spider", None)
    name = getattr(spider, "name", spider)
    if not name:
        return f"humas[{os.getpid()}]"
    run_id = getattr(record, "run_id", None)
    return f"{name} run {run_id}" if run_id else str(name)
