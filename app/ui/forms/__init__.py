"""Python code compiled from forms/*.ui by forms/compile.py: do not edit by hand."""
