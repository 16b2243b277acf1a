"""The crisis classifier's weights (a data directory: crisis-*.json, read by moderation.classifier)."""
