"""Settings of story clustering: `ClusterSettings` in storyweave.settings, under the name the
clustering code has always used. Defaults and the evaluation behind them: docs/clustering.md."""

from storyweave.settings import ClusterSettings as ClusterConfig
from storyweave.settings import EmbeddingSettings

__all__ = ["ClusterConfig", "EmbeddingSettings"]
