"""spark.catalog: the session's temporary views and tables (PySpark's Catalog, basics).

Spate has one catalog of session-scoped tables and views in the database `default`.
"""

from collections import namedtuple

from spate import _native
from spate.sql.types import _parse_datatype_json_string

__all__ = ["Catalog", "Table", "Column", "Database", "Function", "CatalogMetadata"]

CatalogMetadata = namedtuple("CatalogMetadata", "name description")
Database = namedtuple("Database", "name catalog description locationUri")
Table = namedtuple("Table", "name catalog namespace description tableType isTemporary")
Column = namedtuple("Column", "name description dataType nullable isPartition isBucket")
Function = namedtuple("Function", "name catalog namespace description className isTemporary")


class Catalog:
    def __init__(self, sparkSession):
        self._sparkSession = sparkSession
        self._jsession = sparkSession._jsparkSession

    def currentCatalog(self):
        return "spark_catalog"

    def setCurrentCatalog(self, catalogName):
        pass

    def listCatalogs(self, pattern=None):
        return [CatalogMetadata(name="spark_catalog", description=None)]

    def currentDatabase(self):
        return "default"

    def setCurrentDatabase(self, dbName):
        pass

    def listDatabases(self, pattern=None):
        return [
            Database(
                name="default",
                catalog="spark_catalog",
                description="default database",
                locationUri="",
            )
        ]

    def databaseExists(self, dbName):
        return dbName == "default"

    def listTables(self, dbName=None, pattern=None):
        """The session's tables and views (temporary: the catalog lives with the session)."""
        import fnmatch

        tables = []
        for name, format, temporary in sorted(self._jsession.tables()):
            if pattern is not None and not fnmatch.fnmatch(name, pattern.replace("*", "*")):
                continue
            table_type = "TEMPORARY" if temporary else "MANAGED"
            tables.append(
                Table(
                    name=name,
                    catalog=None,
                    namespace=[],
                    description=None,
                    tableType=table_type,
                    isTemporary=temporary,
                )
            )
        return tables

    def tableExists(self, tableName, dbName=None):
        return any(t.name.lower() == tableName.lower() for t in self.listTables())

    def getTable(self, tableName):
        for table in self.listTables():
            if table.name.lower() == tableName.lower():
                return table
        self._sparkSession.table(tableName)  # raises TABLE_OR_VIEW_NOT_FOUND

    def listColumns(self, tableName, dbName=None):
        schema = _parse_datatype_json_string(self._sparkSession.table(tableName)._jdf.schema_json())
        return [
            Column(
                name=f.name,
                description=None,
                dataType=f.dataType.simpleString(),
                nullable=f.nullable,
                isPartition=False,
                isBucket=False,
            )
            for f in schema.fields
        ]

    def listFunctions(self, dbName=None, pattern=None):
        import fnmatch

        names = sorted(self._jsession.function_names())
        return [
            Function(
                name=n,
                catalog=None,
                namespace=None,
                description=None,
                className="",
                isTemporary=True,
            )
            for n in names
            if pattern is None or fnmatch.fnmatch(n, pattern)
        ]

    def functionExists(self, functionName, dbName=None):
        return _native.function_exists(functionName)

    def dropTempView(self, viewName):
        return self._jsession.drop_view(viewName)

    def dropGlobalTempView(self, viewName):
        return self._jsession.drop_view(viewName)

    def isCached(self, tableName):
        return False

    def cacheTable(self, tableName, storageLevel=None):
        pass

    def uncacheTable(self, tableName):
        pass

    def clearCache(self):
        pass

    def refreshTable(self, tableName):
        pass

    def refreshByPath(self, path):
        pass
