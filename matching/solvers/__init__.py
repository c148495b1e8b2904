"""Pure matching solvers (no Django): tutor assignment and peer grouping.

See docs/matching.md for the JSON formats, the objectives and the bounds.
"""

from .assign import solve_assignment
from .group import solve_grouping

__all__ = ["solve_assignment", "solve_grouping"]
