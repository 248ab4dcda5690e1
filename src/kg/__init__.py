"""kg: news articles in, a knowledge graph of political actors and their relations out."""
from kg.types import Actor, ActorType, Article, ArticleResult, Claim, Relation

__all__ = ["Actor", "ActorType", "Article", "ArticleResult", "Claim", "Relation"]
__version__ = "0.1.0"
