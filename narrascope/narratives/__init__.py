"""Narrative classification: taxonomy cues, a trained linear model with a calibrated combiner,
selective multilingual embeddings, and the author's stance per narrative."""
