"""Our own Rasa graph components, loaded by `rasa` from the repository root (config.yml)."""
