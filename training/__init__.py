"""Training-data generators (pure: KB records and a seed in, examples out)."""
