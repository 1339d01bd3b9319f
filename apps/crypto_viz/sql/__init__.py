"""CRYPTO VIZ database: DDL files and the helpers that apply them and connect (see README.md)."""
