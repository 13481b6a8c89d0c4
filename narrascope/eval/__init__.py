"""Evaluation commands: quality measured against held-out annotations."""
