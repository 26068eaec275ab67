"""Extraction evaluation: labelled data sets read from paths, the extractors compared, the metrics.

- :mod:`.datasets`: data-set formats and their loaders (a folder's format is told by its files);
- :mod:`.extractors`: ours, plain trafilatura and readability-lxml behind one signature;
- :mod:`.metrics`: body n-gram overlap, trafilatura's snippet metric, dates, noise;
- :mod:`.scoring` and :mod:`.report`: scores of any list of labelled pages, and their reports.

It depends on the extraction engine and the site registry only: no test files, no shared folder,
no offline mirror (tests build the mirror's pages and score them like any other list).
"""
