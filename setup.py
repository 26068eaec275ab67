"""Only for scrapyd-deploy, which builds the Scrapyd egg by running ``setup.py bdist_egg``: without
this file it writes its own, which packs neither the site registry nor the rule files. Everything
(packages, package data, the ``scrapy`` entry point naming the settings) is in pyproject.toml."""

from setuptools import setup

setup()
