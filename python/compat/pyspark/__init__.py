"""PySpark compatibility package: `import pyspark` and every `pyspark.X` module resolve to Spate's
`spate.X` (the same module objects), so PySpark applications run unchanged on Spate.

Only `spate run JOB.py` and `spate pyspark` put this package on the path; a program that imports
`spate` directly never sees it.
"""

import importlib
import importlib.abc
import importlib.util
import sys


class _SpateAliasFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports `pyspark.a.b` as `spate.a.b` and registers it under both names."""

    _prefix = __name__ + "."

    def find_spec(self, fullname, path, target=None):
        if not fullname.startswith(self._prefix):
            return None
        target_name = "spate." + fullname[len(self._prefix) :]
        try:
            target_spec = importlib.util.find_spec(target_name)
        except ModuleNotFoundError:
            return None
        if target_spec is None:
            return None
        is_package = target_spec.submodule_search_locations is not None
        return importlib.util.spec_from_loader(fullname, self, is_package=is_package)

    def create_module(self, spec):
        module = importlib.import_module("spate." + spec.name[len(self._prefix) :])
        # The import system re-labels the module with the alias spec; keep spate's own.
        self._original_spec = getattr(module, "__spec__", None)
        return module

    def exec_module(self, module):
        if getattr(self, "_original_spec", None) is not None:
            module.__spec__ = self._original_spec
            self._original_spec = None


sys.meta_path.insert(0, _SpateAliasFinder())

import spate  # noqa: E402
from spate import *  # noqa: E402,F401,F403
from spate import __all__  # noqa: E402,F401

__version__ = spate.__version__

import pyspark.sql  # noqa: E402,F401  (as PySpark: pyspark.sql is loaded with pyspark)
