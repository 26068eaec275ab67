"""The one declaration of the article's fields, and everything derived from it."""

import re

import pytest

from conftest import ROOT
from humas_crawler import fields
from humas_crawler.items import Article

README_TABLE = re.compile(r"<!-- fields:start -->\n(.*?)\n<!-- fields:end -->", re.DOTALL)


def test_readme_schema_table_matches_the_declaration():
    """Regenerate it with `python -m humas_crawler.fields` when a field changes."""
    found = README_TABLE.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert found, "README.md has no <!-- fields:start --> ... <!-- fields:end --> table"
    assert found.group(1).strip() == fields.markdown_table()


def test_the_item_has_every_declared_field_and_no_other():
    assert set(Article.fields) == {f.name for f in fields.ARTICLE_FIELDS}
    assert Article.fields["body"]["description"] == fields.FIELDS_BY_NAME["body"].description


@pytest.mark.parametrize("derived, flag", [
    (fields.REQUIRED_FIELDS, "required"), (fields.SEARCHABLE_COLUMNS, "searchable"),
    (fields.FILL_RATE_FIELDS, "fill_rate"), (fields.REVISED_COLUMNS, "revised"),
])
def test_derived_lists_follow_the_flags(derived, flag):
    assert derived == tuple(f.name for f in fields.ARTICLE_FIELDS if getattr(f, flag))


def test_export_columns_are_every_stored_field_in_declaration_order_after_the_id():
    assert fields.EXPORT_COLUMNS[0] == "id"
    assert list(fields.EXPORT_COLUMNS[1:]) == [f.name for f in fields.ARTICLE_FIELDS if f.stored]


def test_transient_fields_are_not_columns():
    columns = fields.article_columns()
    assert "html" not in columns and "recheck_of" not in columns and columns["id"] is int
    assert columns["tags"] is str  # JSON text
