"""Online story clustering: the same real-world event together, a different event of the same kind apart.

`cluster_articles` (batch, for the CLI and the pipeline) and `StoryClusterer` (incremental, for a
monitor) share one algorithm; docs/clustering.md describes it and the evaluation behind its settings.
"""

from storyweave.cluster.batch import as_config, cluster_articles
from storyweave.cluster.config import ClusterConfig
from storyweave.cluster.ids import story_id_for
from storyweave.cluster.online import StoryClusterer
from storyweave.cluster.similarity import DEFAULT_SCORER, FEATURES, Scorer

__all__ = [
    "DEFAULT_SCORER",
    "FEATURES",
    "ClusterConfig",
    "Scorer",
    "StoryClusterer",
    "as_config",
    "cluster_articles",
    "story_id_for",
]
