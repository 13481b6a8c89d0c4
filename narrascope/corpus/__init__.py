"""The corpus layer: questions about many articles at once (issue 15).

Timelines, campaign waves, outlet x narrative x stance, who casts whom, quoted voices, copies and
their propagation, full-text search. Everything here is computed from the store (or from plain
records handed in), never from the network, and every result carries the article ids behind it.
"""
