"""One error hierarchy. Every message names the file (and line, or rule) and what to do."""
from __future__ import annotations


class KgError(Exception):
    """Base class: a problem the user can act on. The CLI prints its message on one line."""


class InputError(KgError):
    """An article file that cannot be read: missing, not UTF-8, bad JSON, no text."""


class ModelError(KgError):
    """The spaCy model cannot be loaded."""


class RuleError(KgError):
    """A rule or lexicon data file is invalid."""


class QueryError(KgError):
    """A SPARQL query that cannot be found or parsed."""


class GraphError(KgError):
    """A graph file that cannot be read or does not conform."""
