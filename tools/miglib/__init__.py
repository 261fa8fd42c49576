"""miglib: Mica's MIG compiler (see tools/mig and docs/mig.md)."""
