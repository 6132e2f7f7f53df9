"""mentionflow: raw mentions in Kafka -> normalized KB entities."""

__version__ = "0.1.0"
