"""``python -m humas_crawler`` runs the ``humas`` command."""

from humas_crawler.cli import main

main()
