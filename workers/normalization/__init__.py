"""Normalization worker: ``mentions.extracted`` -> ``entities.normalized`` / ``entities.review``."""
