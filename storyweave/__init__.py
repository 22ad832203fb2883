"""storyweave: many outlets' coverage in, one cited brief per story out."""

__version__ = "0.1.0"
