"""`spate run JOB.py`, `spate pyspark`, and the pyspark compatibility package."""

import os
import subprocess
import sys
import textwrap

import pytest

from conftest import build_dir

TIMEOUT_S = 120


def spate_binary():
    path = os.path.join(build_dir(), "bin", "spate")
    if not os.path.exists(path):
        pytest.skip("no spate binary in " + build_dir())
    return path


def run(args, **kwargs):
    env = dict(os.environ)
    env.pop("SPATE_SPARK_CONF", None)
    return subprocess.run(
        [spate_binary()] + args,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        env=env,
        **kwargs
    )


def test_spate_run_executes_a_pyspark_job_unchanged(tmp_path):
    job = tmp_path / "job.py"
    job.write_text(
        textwrap.dedent(
            """
            import sys
            import pyspark
            from pyspark.sql import SparkSession
            from pyspark.sql.functions import col, from_json, window, expr, explode, split
            from pyspark.sql.types import StructType, StringType, LongType, DoubleType, ShortType
            from pyspark.sql.utils import AnalysisException
            import pyspark.sql.functions as F

            spark = SparkSession.builder.appName("cli-job").getOrCreate()
            print("args", sys.argv[1:])
            print("conf", spark.conf.get("spark.master"), spark.conf.get("spark.sql.shuffle.partitions"),
                  spark.sparkContext.appName)
            print("same modules", pyspark.sql.functions is F, F.col is col)
            schema = StructType().add("character", StringType(), True).add("quote", StringType(), True)
            df = spark.createDataFrame([('{"character": "Arthur", "quote": "a b c"}',)], "value STRING")
            words = df.select(from_json("value", schema).alias("json")).select("json.*") \\
                .select(col("character"), explode(split(col("quote"), " ")).alias("word"))
            words.groupBy("character").count().show()
            try:
                spark.sql("SELECT missing")
            except AnalysisException as e:
                print("caught", e.getErrorClass())
            """
        )
    )
    result = run(
        [
            "run",
            "--master",
            "local[3]",
            "--conf",
            "spark.sql.shuffle.partitions=7",
            str(job),
            "x",
            "--master",
            "y",
        ]
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "args ['x', '--master', 'y']\n"
        "conf local[3] 7 cli-job\n"
        "same modules True True\n"
        "+---------+-----+\n"
        "|character|count|\n"
        "+---------+-----+\n"
        "|   Arthur|    3|\n"
        "+---------+-----+\n"
        "\n"
        "caught UNRESOLVED_COLUMN.WITHOUT_SUGGESTION\n"
    )


def test_spate_run_reports_a_failing_job(tmp_path):
    job = tmp_path / "fails.py"
    job.write_text(
        "from pyspark.sql import SparkSession\nSparkSession.builder.getOrCreate().sql('SELEC 1')\n"
    )
    result = run(["run", str(job)])
    assert result.returncode == 1
    assert "spate.errors.exceptions.captured.ParseException: [PARSE_SYNTAX_ERROR]" in result.stderr


def test_spate_run_default_app_name_and_master(tmp_path):
    job = tmp_path / "defaults.py"
    job.write_text(
        "from pyspark.sql import SparkSession\n"
        "spark = SparkSession.builder.getOrCreate()\n"
        "print(spark.sparkContext.appName, spark.sparkContext.master)\n"
    )
    result = run(["run", str(job)])
    assert result.returncode == 0, result.stderr
    assert result.stdout == "defaults.py local[*]\n"


def test_spate_pyspark_shell_has_spark_defined():
    commands = (
        "print(spark.conf.get('spark.master'), sc.appName, spark.conf.get('spark.sql.shuffle.partitions'))\n"
        "spark.range(2).show()\n"
        "1/0\n"
        "print(sql('SELECT 40 + 2 AS x').first().x)\n"
    )
    result = run(
        ["pyspark", "--master", "local[2]", "--conf", "spark.sql.shuffle.partitions=3"],
        input=commands,
    )
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout == "local[2] PySparkShell 3\n+---+\n| id|\n+---+\n|  0|\n|  1|\n+---+\n\n42\n"
    )
    assert "ZeroDivisionError" in result.stderr  # the shell keeps going after an error


def test_pyspark_is_only_importable_through_spate_commands():
    env = dict(os.environ)
    result = subprocess.run(
        [sys.executable, "-c", "import pyspark"],
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT_S,
    )
    assert result.returncode != 0 and "No module named 'pyspark'" in result.stderr


def test_the_compatibility_package_aliases_spate_modules():
    compat = os.path.join(build_dir(), "python-compat")
    code = textwrap.dedent(
        """
        import pyspark, spate
        import pyspark.sql.functions, spate.sql.functions
        import pyspark.sql.streaming.query
        from pyspark.sql import SparkSession, Row
        from pyspark.sql.functions import *
        from pyspark import SparkContext, SparkConf
        from pyspark.errors import AnalysisException
        assert pyspark.sql.functions is spate.sql.functions
        assert pyspark.sql.streaming.query is spate.sql.streaming.query
        assert SparkSession is spate.sql.SparkSession and Row is spate.sql.types.Row
        assert AnalysisException is spate.errors.AnalysisException
        assert spate.sql.__spec__.name == "spate.sql"
        assert pyspark.__version__ == "3.5.0"
        print("ok", col("a"))
        """
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([os.path.join(build_dir(), "python"), compat])
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=TIMEOUT_S
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ok Column<'a'>\n"
