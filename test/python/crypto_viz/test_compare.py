"""The table comparison used by the end-to-end test finds what it must (and nothing else)."""
import copy
import subprocess
import sys

import pytest

import compare
import tables
from producers import expected
from sql import apply as schema
from sql.db import Target, parse_target

APP = tables.__file__.rsplit("/test/", 1)[0] + "/apps/crypto_viz"


@pytest.fixture(scope="module")
def rows(tmp_path_factory):
    d = tmp_path_factory.mktemp("rec")
    subprocess.run([sys.executable, "-m", "producers", "--fast-forward", "30m", "--record", str(d),
                    "--ticker-interval", "5", "--trade-rate", "2", "--article-rate", "60",
                    "--jump-rate", "6", "--quiet"], cwd=APP, check=True)
    return expected.all_tables(str(d))


@pytest.fixture(params=["sqlite", "postgres"])
def target(request, tmp_path):
    t = (Target("sqlite", path=str(tmp_path / "c.db")) if request.param == "sqlite"
         else parse_target(request.getfixturevalue("pg_db")))
    schema.apply(t)
    return t


def test_identical_tables_compare_equal(rows, target):
    tables.write(target, rows)
    for table, exp in rows.items():
        assert exp, table
        assert compare.differences(table, compare.read_table(target, table), exp) == []


def test_each_kind_of_difference_is_found(rows):
    t = "ticker_data"
    got = copy.deepcopy(rows[t])
    got[3]["last"] += 0.1
    assert any("1 rows missing, 1 unexpected" in d for d in compare.differences(t, got, rows[t]))
    assert compare.differences(t, rows[t][:-1], rows[t])[-1].startswith(f"{t}: 1 rows missing, 0")
    assert "0 rows missing, 1 unexpected" in compare.differences(t, got + got[:1], got)[-1]
    s = "sentiment_data"
    got = copy.deepcopy(rows[s])
    got[0]["sentiment_score"] *= 1 + 1e-12  # within the tolerance
    assert compare.differences(s, got, rows[s]) == []
    got[0]["sentiment_score"] += 0.001
    got[1]["article_count"] += 1
    assert "2 different" in compare.differences(s, got, rows[s])[-1]
    assert any("duplicate row" in d for d in compare.differences(s, got + got[:1], rows[s]))
    c = "candle_data"
    assert "1 missing" in compare.differences(c, rows[c][1:], rows[c])[-1]
