"""Knowledge base: records, building from data packages, validation, versioned storage, lookup."""
