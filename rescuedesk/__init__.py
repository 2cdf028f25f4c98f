"""RescueDesk: case files for people rescued from human trafficking."""

__version__ = "0.1.0"
