"""The demo database's generated data: fixtures, not use cases.

`spotcheck demo`, the tests and the benchmarks fill a database with realistic,
reproducible sample data from here: the registries of 大同市 (`data`, drawing on
the word lists and code tables in `tables`), and the tasks of the 2025 campaign
(`tasks`) with evidence photos drawn with Pillow (`photos`) and handwritten
signatures (`signatures`). The tasks are recorded through app/services like any
other caller (the window, the command line), so every edit is in the audit log;
no app/services module imports this package. No Qt.
"""
