"""kg: news articles in, a knowledge graph of political actors and their relations out.

    import kg
    result = kg.build(["articles/"])          # paths, or the texts of articles
    result.graph, result.to_networkx()
    kg.query(result, "supporters", actor="Juan Guaidó")

See kg.api for the details.
"""
from kg.types import Actor, ActorType, Article, ArticleResult, Claim, Relation
from kg import query  # callable: kg.query(graph, name_or_text, **params) (kg.api.query)
from kg.api import Result, build

__all__ = ["Actor", "ActorType", "Article", "ArticleResult", "Claim", "Relation", "Result", "build", "query"]
__version__ = "0.1.0"
