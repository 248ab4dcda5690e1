"""Shared fixtures. The spaCy model is loaded once per test session (kg.nlp.load_model is cached)."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    """The default English spaCy model, loaded once. Tests using it are marked `model`."""
    from kg.nlp import load_model

    return load_model()
