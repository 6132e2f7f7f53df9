"""Extraction worker: ``mentions.raw`` -> ``mentions.extracted``."""
