"""Entity framing: how each voice casts each entity (protagonist, antagonist, innocent)."""
from .rules import RoleLexicon, frame_entities, load_roles

__all__ = ["RoleLexicon", "frame_entities", "load_roles"]
