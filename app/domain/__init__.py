"""Pure rules and data of the domain: no Qt, no files, no database."""
